package ru.moku.gateway.pull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counters of the pull loops: {@code moku.gateway.pull.pulled} (messages received),
 * {@code .acked}, {@code .empty} (polls that found the queue empty) and {@code .errors}
 * (tagged with the failing {@code stage}: get-response, intake, ack).
 */
final class PullMetrics {

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

    void error(String stage) {
        meters.counter("moku.gateway.pull.errors", "stage", stage).increment();
    }
}
