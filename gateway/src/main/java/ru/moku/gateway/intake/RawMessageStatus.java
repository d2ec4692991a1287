package ru.moku.gateway.intake;

import java.util.Arrays;
import java.util.Optional;

/**
 * Status of a raw SMEV message, ARCHITECTURE.md §5 (from seed 002), with the code stored in
 * {@code raw_message.status}.
 *
 * <p>{@link #RECEIVED} and {@link #VALID} are transitional: parsing, validation and splitting
 * happen before the one transaction that stores a message, so the gateway writes the result of
 * intake ({@link #SPLIT}, {@link #SPLIT_FAILED} or {@link #INVALID}) directly. They are kept so
 * the stored codes mean the same in every tool that reads them.
 */
public enum RawMessageStatus {
    RECEIVED(0),
    VALID(1),
    INVALID(-1),
    SPLIT(2),
    /** Splitting failed; an operator (or a fixed release) may re-run it, which leads back to {@link #SPLIT}. */
    SPLIT_FAILED(-2),
    /** Every instance is {@link InstanceStatus#PROCESSED}. */
    PROCESSED(3),
    /** Every instance is settled and at least one is {@link InstanceStatus#FAILED}. */
    PROCESSED_WITH_ERRORS(-3),
    /**
     * An SMEV answer without service data ({@code RequestRejected}, {@code RequestStatus},
     * {@code AsyncProcessingStatus}): recorded in {@code smev_answer}, acknowledged, never a service card.
     */
    ANSWER(4);

    private final short code;

    RawMessageStatus(int code) {
        this.code = (short) code;
    }

    public short code() {
        return code;
    }

    public static RawMessageStatus ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no raw message status with code " + code));
    }

    /** A status given as its code ({@code -1}) or its name ({@code INVALID}, any case). */
    public static Optional<RawMessageStatus> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        for (RawMessageStatus status : values()) {
            if (status.name().equalsIgnoreCase(trimmed) || Short.toString(status.code).equals(trimmed)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
