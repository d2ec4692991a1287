package ru.moku.gateway.intake;

import java.util.Objects;
import java.util.UUID;

/** The outcome of {@link IntakeService#accept}: always about a stored raw message. */
public sealed interface IntakeResult {

    /** The stored raw message (for a duplicate: the one stored before). */
    UUID rawMessageId();

    /** SMEV's message id, or {@code null} when the body failed before it could be read. */
    String smevMessageId();

    /** The kind of outcome, as the push API names it. */
    Kind kind();

    /** Whether SMEV may be told that the message was taken ({@code AckRequest}): it is stored and has an id. */
    default boolean acknowledgeable() {
        return smevMessageId() != null;
    }

    /** Kinds of outcome. */
    enum Kind {
        ACCEPTED, DUPLICATE, REJECTED
    }

    /**
     * A new valid message, stored.
     *
     * @param status    {@link RawMessageStatus#SPLIT} (cards published) or {@link RawMessageStatus#SPLIT_FAILED}
     *                  (kept for reprocessing, an incident registered)
     * @param instances number of integration instances created
     */
    record Accepted(UUID rawMessageId, String smevMessageId, RawMessageStatus status, int instances)
            implements IntakeResult {

        public Accepted {
            Objects.requireNonNull(rawMessageId, "rawMessageId");
            Objects.requireNonNull(status, "status");
        }

        @Override
        public Kind kind() {
            return Kind.ACCEPTED;
        }
    }

    /** A message whose SMEV id was stored before; nothing was written. */
    record Duplicate(UUID rawMessageId, String smevMessageId) implements IntakeResult {

        public Duplicate {
            Objects.requireNonNull(rawMessageId, "rawMessageId");
            Objects.requireNonNull(smevMessageId, "smevMessageId");
        }

        @Override
        public Kind kind() {
            return Kind.DUPLICATE;
        }
    }

    /**
     * An invalid message, stored with status -1 (or found stored before with the same SMEV id).
     *
     * @param problem        why it is invalid
     * @param storedBefore   whether the same SMEV message id had been stored before (nothing new written)
     */
    record Rejected(UUID rawMessageId, String smevMessageId, IntakeProblem problem, boolean storedBefore)
            implements IntakeResult {

        public Rejected {
            Objects.requireNonNull(rawMessageId, "rawMessageId");
            Objects.requireNonNull(problem, "problem");
        }

        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }
    }
}
