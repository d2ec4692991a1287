package ru.moku.gateway.push;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.RawMessageStatus;

/**
 * The answer to a push that was stored: 202 for a new message, 200 for a duplicate.
 *
 * @param rawMessageId  the stored raw message (the earlier one for a duplicate)
 * @param smevMessageId SMEV's message id
 * @param status        {@link IntakeResult.Kind#ACCEPTED ACCEPTED} or {@link IntakeResult.Kind#DUPLICATE DUPLICATE}
 * @param rawStatus     for a new message: {@link RawMessageStatus#SPLIT SPLIT} (cards published),
 *                      {@link RawMessageStatus#SPLIT_FAILED SPLIT_FAILED} (kept for an operator) or
 *                      {@link RawMessageStatus#ANSWER ANSWER} (an answer without service data, recorded)
 * @param instances     for a new message with service data: the number of service cards published
 * @param answerKind    for an answer: which ({@code REQUEST_REJECTED}, {@code REQUEST_STATUS},
 *                      {@code ASYNC_PROCESSING_STATUS})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushReceipt(UUID rawMessageId, String smevMessageId, IntakeResult.Kind status,
                          RawMessageStatus rawStatus, Integer instances, AnswerKind answerKind) {

    /** A new message, stored: 202. */
    static PushReceipt accepted(IntakeResult.Accepted accepted) {
        return new PushReceipt(accepted.rawMessageId(), accepted.smevMessageId(), accepted.kind(), accepted.status(),
                accepted.instances(), null);
    }

    /** A message stored before under the same SMEV id: 200, nothing written. */
    static PushReceipt duplicate(IntakeResult.Duplicate duplicate) {
        return new PushReceipt(duplicate.rawMessageId(), duplicate.smevMessageId(), duplicate.kind(), null, null, null);
    }

    /** A new answer without service data, recorded: 202. */
    static PushReceipt answered(IntakeResult.Answered answered) {
        return new PushReceipt(answered.rawMessageId(), answered.smevMessageId(), answered.kind(),
                RawMessageStatus.ANSWER, null, answered.answerKind());
    }
}
