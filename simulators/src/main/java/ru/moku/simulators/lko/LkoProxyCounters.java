package ru.moku.simulators.lko;

import java.util.concurrent.atomic.LongAdder;

/** What the proxy did, for tests that count ("three refusals, then one forward"). Thread-safe. */
final class LkoProxyCounters {

    private final LongAdder forwarded = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder upstreamFailures = new LongAdder();

    void forwarded() {
        forwarded.increment();
    }

    void refused() {
        refused.increment();
    }

    void upstreamFailed() {
        upstreamFailures.increment();
    }

    LkoProxyStats snapshot() {
        return new LkoProxyStats(forwarded.sum(), refused.sum(), upstreamFailures.sum());
    }

    void reset() {
        forwarded.reset();
        refused.reset();
        upstreamFailures.reset();
    }
}
