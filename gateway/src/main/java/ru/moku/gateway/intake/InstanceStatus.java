package ru.moku.gateway.intake;

import java.util.Arrays;

/**
 * Status of an integration instance (one service card of a raw message), ARCHITECTURE.md §5, with
 * the code stored in {@code integration_instance.status}.
 *
 * <p>The gateway inserts instances as {@link #IN_PROGRESS}: the row and the outbox message that
 * hands the card to card-processor are written in the same transaction, so there is no moment at
 * which a stored instance is still waiting for its hand-off. {@link #WAITING} is kept for the
 * shared status model (and tools reading the table).
 */
public enum InstanceStatus {
    WAITING(0),
    /** Handed to card-processor (through the outbox); its outcome has not arrived yet. */
    IN_PROGRESS(1),
    /** card-processor took the card over (accepted or flagged for manual analysis). */
    PROCESSED(2),
    /** card-processor rejected the card; reprocessing re-publishes it. */
    FAILED(-2);

    private final short code;

    InstanceStatus(int code) {
        this.code = (short) code;
    }

    public short code() {
        return code;
    }

    public static InstanceStatus ofCode(int code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance status with code " + code));
    }
}
