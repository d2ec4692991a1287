package ru.moku.model.intake;

import java.util.UUID;

/**
 * card-processor's answer for one card: whether it took the card over. Closes the gateway's
 * integration instance (status 2 when {@link Result#ACCEPTED} or {@link Result#FLAGGED},
 * -2 when {@link Result#REJECTED}).
 *
 * @param cardId       the card (= integration instance id)
 * @param rawMessageId the raw message the card came from
 * @param result       what card-processor did with it
 * @param reason       why it was flagged or rejected; {@code null} when accepted
 * @param attempt      the {@link ServiceCard#attempt()} of the publication this answers; the gateway applies only the
 *                     outcome of the instance's current publication (a late one of an earlier publication is
 *                     dropped). {@code null}: unknown (from a card-processor that did not echo it yet), applied
 */
public record CardOutcome(UUID cardId, UUID rawMessageId, Result result, String reason, Integer attempt) {

    /** An outcome without a publication number (applied whatever the instance's current publication). */
    public CardOutcome(UUID cardId, UUID rawMessageId, Result result, String reason) {
        this(cardId, rawMessageId, result, reason, null);
    }

    /** What card-processor did with a card. */
    public enum Result {
        /** Stored, identifiers valid. */
        ACCEPTED,
        /** Stored, but flagged for manual analysis (an invalid identifier); an incident exists. */
        FLAGGED,
        /** Could not be stored (dead-lettered after its retries); an incident exists. */
        REJECTED
    }
}
