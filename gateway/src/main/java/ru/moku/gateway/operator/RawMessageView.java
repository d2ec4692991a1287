package ru.moku.gateway.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import ru.moku.gateway.intake.ProblemType;
import ru.moku.gateway.intake.Source;
import ru.moku.model.intake.CardOutcome;

/**
 * A raw SMEV message for operators.
 *
 * @param id            the raw message
 * @param smevMessageId SMEV's message id, {@code null} when it could not be read
 * @param source        how it reached the gateway, PULL or PUSH
 * @param status        its status
 * @param problemType   for an invalid message: the problem class (shown as its slug, e.g. {@code schema-violation})
 * @param error         why it is invalid or could not be split
 * @param receivedAt    when it arrived
 * @param updatedAt     when its status last changed
 * @param instances     its integration instances (only in the single-message view)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawMessageView(UUID id, String smevMessageId, Source source, StatusView status, ProblemType problemType,
                             String error, Instant receivedAt, Instant updatedAt, List<InstanceView> instances) {

    RawMessageView withInstances(List<InstanceView> instances) {
        return new RawMessageView(id, smevMessageId, source, status, problemType, error, receivedAt, updatedAt,
                instances);
    }

    /**
     * An integration instance (one service card).
     *
     * @param id           the instance = the card id
     * @param position     the card's position in the message (0-based)
     * @param status       its status
     * @param outcome      card-processor's answer (ACCEPTED, FLAGGED, REJECTED), {@code null} while none
     * @param error        card-processor's reason for FLAGGED or REJECTED
     * @param publishCount how often the card was published (1 + reprocessings)
     * @param createdAt    when it was created
     * @param updatedAt    when its status last changed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceView(UUID id, int position, StatusView status, CardOutcome.Result outcome, String error,
                               int publishCount, Instant createdAt, Instant updatedAt) {
    }
}
