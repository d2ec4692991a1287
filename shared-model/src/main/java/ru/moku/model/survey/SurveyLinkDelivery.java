package ru.moku.model.survey;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * gateway → card-processor: what SMEV said about the SendRequest that carried a card's survey link — an
 * {@code AsyncProcessingStatus} (SMEV's own processing status of our message) or a {@code RequestRejected} (the
 * recipient refused it). The gateway publishes it only for a SendRequest of its own that SMEV had accepted.
 *
 * @param cardId        the card whose link it is
 * @param smevMessageId the MessageID of our SendRequest ({@code OriginalMessageId} of the answer)
 * @param status        SMEV's word: {@code StatusCategory} (e.g. {@code messageIsDelivered},
 *                      {@code requestIsRejectedBySmev}) or, for a RequestRejected, {@code RejectionReasonCode}
 * @param details       the human-readable details SMEV or the recipient gave, possibly {@code null}
 * @param outcome       what the status means for the link
 * @param at            when the gateway received the answer
 */
public record SurveyLinkDelivery(UUID cardId, String smevMessageId, String status, String details, Outcome outcome,
                                 Instant at) {

    public SurveyLinkDelivery {
        Objects.requireNonNull(cardId, "cardId");
        Objects.requireNonNull(smevMessageId, "smevMessageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }

    /** What an answer means for the link. */
    public enum Outcome {
        /** The recipient (ЛК ЕПГУ) received the notification: {@code messageIsDelivered}. */
        DELIVERED,
        /**
         * It will not be delivered: {@code requestIsRejectedBySmev}, {@code responseIsRejectedBySmev},
         * {@code doesNotExist}, {@code cancelled}, or the recipient's {@code RequestRejected}.
         */
        REFUSED,
        /** On its way (queued, accepted, processed, under processing, archived): a later status decides. */
        PENDING;

        private static final Set<String> REFUSALS = Set.of("requestisrejectedbysmev", "responseisrejectedbysmev",
                "doesnotexist", "cancelled");
        private static final String DELIVERED_STATUS = "messageisdelivered";

        /** The outcome of an {@code AsyncProcessingStatus/StatusCategory} (SMEV 1.3 {@code InteractionStatusType}). */
        public static Outcome ofStatusCategory(String statusCategory) {
            String status = statusCategory == null ? "" : statusCategory.trim().toLowerCase(Locale.ROOT);
            if (DELIVERED_STATUS.equals(status)) {
                return DELIVERED;
            }
            return REFUSALS.contains(status) ? REFUSED : PENDING;
        }

        /** Whether no later status changes it. */
        public boolean isFinal() {
            return this != PENDING;
        }
    }
}
