package ru.moku.simulators.smev;

import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * SMEV tells the sender of a request what became of it: after an accepted {@code SendRequest} it queues an
 * {@code AsyncProcessingStatus} answer whose {@code OriginalMessageId} is the request's MessageID —
 * {@code messageIsDelivered}, or {@code requestIsRejectedBySmev} for a configured share. Off unless
 * {@code simulators.smev.async-status.enabled}.
 */
final class AsyncStatuses {

    static final String DELIVERED = "messageIsDelivered";
    static final String REJECTED = "requestIsRejectedBySmev";

    private final SmevSimulatorProperties.AsyncStatus settings;
    private final RandomGenerator random;
    private final MessageIds messageIds;
    private final MessageFeatures features;

    AsyncStatuses(SmevSimulatorProperties.AsyncStatus settings, RandomGenerator random, MessageIds messageIds,
                  MessageFeatures features) {
        this.settings = settings;
        this.random = random;
        this.messageIds = messageIds;
        this.features = features;
    }

    /** The status message to queue for the accepted request {@code originalMessageId}, if statuses are on. */
    Optional<SmevMessage> afterSendRequest(String originalMessageId, Instant now) {
        if (!settings.enabled()) {
            return Optional.empty();
        }
        boolean rejected = random.nextDouble() < settings.rejectedShare();
        String category = rejected ? REJECTED : DELIVERED;
        String details = rejected
                ? "SMEV simulator: the request did not pass SMEV's asynchronous validation"
                : "SMEV simulator: the request was delivered to its recipient";
        SmevMessage status = new SmevMessage(messageIds.next(), now, new SmevMessage.StatusAnswer(
                AnswerKind.ASYNC_PROCESSING_STATUS, originalMessageId, category, details));
        features.queued(status);
        features.asyncStatusQueued(new AsyncStatusQueued(status.messageId(), originalMessageId, category));
        return Optional.of(status);
    }
}
