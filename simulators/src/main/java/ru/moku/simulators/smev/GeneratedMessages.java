package ru.moku.simulators.smev;

import java.util.List;

/**
 * The answer to {@code POST /admin/smev/messages/generate}.
 *
 * @param messageIds        the MessageIds of the queued service-data messages, in delivery order (answers not included)
 * @param cards             cards in all of them
 * @param invalidInnCards   cards whose organisation ИНН has a wrong check digit
 * @param seed              the seed used: pass it again to get the same cards and the same choice of extras
 * @param withAttachments   those of {@code messageIds} that carry an attachment in the message (MTOM or inline)
 * @param withFsAttachments those of {@code messageIds} that refer to a file on the file storage
 * @param tampered          those of {@code messageIds} changed after signing (their signatures do not verify)
 * @param answerIds         MessageIds of the answers without service data queued among them (RequestRejected,
 *                          RequestStatus, AsyncProcessingStatus)
 * @param corruptAttachments those of {@code messageIds} whose attachment or file no longer matches its PKCS#7 signature
 *                          and hash (changed after they were made)
 */
public record GeneratedMessages(List<String> messageIds, int cards, int invalidInnCards, long seed,
                                List<String> withAttachments, List<String> withFsAttachments, List<String> tampered,
                                List<String> answerIds, List<String> corruptAttachments) {

    public GeneratedMessages {
        messageIds = List.copyOf(messageIds);
        withAttachments = List.copyOf(withAttachments);
        withFsAttachments = List.copyOf(withFsAttachments);
        tampered = List.copyOf(tampered);
        answerIds = List.copyOf(answerIds);
        corruptAttachments = List.copyOf(corruptAttachments);
    }
}
