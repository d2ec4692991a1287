package ru.moku.simulators.smev;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What was queued beyond plain service data, so a test knows which messages to expect refused or with attachments:
 * the SMEV MessageIds of tampered messages, of messages with attachments (in the message or on the file storage), of
 * answers, of the {@code AsyncProcessingStatus}es queued after {@code SendRequest}s; and how many caller signatures
 * were refused. Thread-safe; cleared with the queue.
 */
final class MessageFeatures {

    private final ConcurrentLinkedQueue<String> tampered = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> withAttachments = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> withFsAttachments = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> corruptAttachments = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<AsyncStatusQueued> asyncStatuses = new ConcurrentLinkedQueue<>();
    private final LongAdder callerSignaturesRejected = new LongAdder();

    /** Notes what {@code message} carries (called once, when it is queued). */
    void queued(SmevMessage message) {
        if (message.tampered()) {
            tampered.add(message.messageId());
        }
        if (!message.attachments().isEmpty()) {
            withAttachments.add(message.messageId());
        }
        if (!message.fsAttachments().isEmpty()) {
            withFsAttachments.add(message.messageId());
        }
        if (message.content() instanceof SmevMessage.StatusAnswer) {
            answers.add(message.messageId());
        }
    }

    /** Notes that the attachments of {@code messageId} were changed after their hash and signature were made. */
    void corruptAttachment(String messageId) {
        corruptAttachments.add(messageId);
    }

    void asyncStatusQueued(AsyncStatusQueued status) {
        asyncStatuses.add(status);
    }

    void callerSignatureRejected() {
        callerSignaturesRejected.increment();
    }

    List<String> tampered() {
        return List.copyOf(tampered);
    }

    List<String> withAttachments() {
        return List.copyOf(withAttachments);
    }

    List<String> withFsAttachments() {
        return List.copyOf(withFsAttachments);
    }

    List<String> corruptAttachments() {
        return List.copyOf(corruptAttachments);
    }

    List<String> answers() {
        return List.copyOf(answers);
    }

    List<AsyncStatusQueued> asyncStatuses() {
        return List.copyOf(asyncStatuses);
    }

    long callerSignaturesRejected() {
        return callerSignaturesRejected.sum();
    }

    void clear() {
        tampered.clear();
        withAttachments.clear();
        withFsAttachments.clear();
        corruptAttachments.clear();
        answers.clear();
        asyncStatuses.clear();
        callerSignaturesRejected.reset();
    }
}
