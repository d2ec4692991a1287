package ru.moku.gateway.answers;

import java.util.Objects;
import java.util.UUID;

/**
 * An SMEV answer without service data, as the intake stored it.
 *
 * @param rawMessageId      the raw message it was stored as
 * @param smevMessageId     SMEV's id of the answer message
 * @param kind              which answer
 * @param originalMessageId the message it answers: {@code AsyncProcessingStatus/OriginalMessageId}, else
 *                          {@code Response/OriginalMessageId}; {@code null} when SMEV gave none
 * @param code              {@code RejectionReasonCode}, {@code StatusCode} or {@code StatusCategory}
 * @param description       the human-readable reason or details, possibly {@code null}
 */
public record SmevAnswer(UUID rawMessageId, String smevMessageId, AnswerKind kind, String originalMessageId,
                         String code, String description) {

    public SmevAnswer {
        Objects.requireNonNull(rawMessageId, "rawMessageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
    }
}
