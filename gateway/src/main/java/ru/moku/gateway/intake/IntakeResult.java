package ru.moku.gateway.intake;

import java.util.Objects;
import java.util.UUID;
import ru.moku.gateway.answers.AnswerKind;

/**
 * The outcome of {@link IntakeService#accept}: about a stored raw message, except {@link Refused} (an attachment
 * made the whole message unacceptable: nothing stored, SMEV keeps it).
 */
public sealed interface IntakeResult {

    /** The stored raw message (for a duplicate: the one stored before); {@code null} for {@link Refused}. */
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
        ACCEPTED, DUPLICATE, REJECTED, REFUSED
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
     * A new SMEV answer without service data, stored with status {@link RawMessageStatus#ANSWER} and its record in
     * {@code smev_answer}; its effects applied in the same transaction.
     *
     * @param answerKind which answer
     */
    record Answered(UUID rawMessageId, String smevMessageId, AnswerKind answerKind) implements IntakeResult {

        public Answered {
            Objects.requireNonNull(rawMessageId, "rawMessageId");
            Objects.requireNonNull(smevMessageId, "smevMessageId");
            Objects.requireNonNull(answerKind, "answerKind");
        }

        @Override
        public Kind kind() {
            return Kind.ACCEPTED;
        }
    }

    /**
     * An invalid message, stored with status -1 (or found stored before with the same SMEV id).
     *
     * @param problem      why it is invalid
     * @param storedBefore whether the same SMEV message id had been stored before (nothing new written)
     * @param acknowledge  whether SMEV may be told it was taken: {@code false} only for an invalid signature under
     *                     the {@code KEEP} policy (SMEV keeps the message)
     */
    record Rejected(UUID rawMessageId, String smevMessageId, IntakeProblem problem, boolean storedBefore,
                    boolean acknowledge) implements IntakeResult {

        public Rejected {
            Objects.requireNonNull(rawMessageId, "rawMessageId");
            Objects.requireNonNull(problem, "problem");
        }

        /** A rejected message that may be acknowledged. */
        public Rejected(UUID rawMessageId, String smevMessageId, IntakeProblem problem, boolean storedBefore) {
            this(rawMessageId, smevMessageId, problem, storedBefore, true);
        }

        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }

        @Override
        public boolean acknowledgeable() {
            return acknowledge && smevMessageId != null;
        }
    }

    /**
     * A message not stored because of its attachments (missing, corrupt, badly signed, too large) or its MTOM package
     * (over a limit): nothing written but an {@code ATTACHMENT_INVALID} incident, never acknowledged — SMEV keeps it.
     *
     * @param smevMessageId SMEV's id if it could be read, else {@code null}
     * @param reason        what is wrong, for the incident and the push answer
     * @param tooLarge      whether a size limit was exceeded (push: 413, else 422)
     */
    record Refused(String smevMessageId, String reason, boolean tooLarge) implements IntakeResult {

        public Refused {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public UUID rawMessageId() {
            return null;
        }

        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }

        @Override
        public boolean acknowledgeable() {
            return false;
        }
    }
}
