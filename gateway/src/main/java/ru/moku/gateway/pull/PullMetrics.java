package ru.moku.gateway.pull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the pull loops: {@code moku.gateway.pull.pulled} (messages received),
 * {@code .acked}, {@code .empty} (polls that found the queue empty) and {@code .errors}
 * (tagged with the failing {@link Stage stage}: get-response, intake, ack).
 */
final class PullMetrics {

    /** The stage of a pull turn that failed: the {@code stage} tag of {@code moku.gateway.pull.errors}. */
    enum Stage {
        /** Asking SMEV for the next message. */
        GET_RESPONSE("get-response"),
        /** Storing the message (the intake's transaction). */
        INTAKE("intake"),
        /** Acknowledging it to SMEV, or finding it cannot be acknowledged. */
        ACK("ack");

        private final String tag;

        Stage(String tag) {
            this.tag = tag;
        }

        /** The tag value (and the name in the log). */
        String tag() {
            return tag;
        }

        @Override
        public String toString() {
            return tag;
        }
    }

    private final MeterRegistry meters;
    private final Counter pulled;
    private final Counter acked;
    private final Counter empty;

    PullMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.pulled = meters.counter("moku.gateway.pull.pulled");
        this.acked = meters.counter("moku.gateway.pull.acked");
        this.empty = meters.counter("moku.gateway.pull.empty");
    }

    void pulled() {
        pulled.increment();
    }

    void acked() {
        acked.increment();
    }

    void empty() {
        empty.increment();
    }

    void error(Stage stage) {
        meters.counter("moku.gateway.pull.errors", "stage", stage.tag()).increment();
    }
}
