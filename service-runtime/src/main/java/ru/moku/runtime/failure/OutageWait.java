package ru.moku.runtime.failure;

import java.time.Duration;

/**
 * The wait of one call for a partner's open circuit: each refusal is looked at again after the next exponential
 * backoff (as {@link Backoff}), without spending an attempt, until the waits would add up to more than {@code limit}.
 * A call held this way stays in flight (its message unacked, the rest of its queue in the broker) and goes on once the
 * circuit lets calls through, instead of failing within milliseconds with every other call of the outage.
 *
 * <p>One instance per call (per {@code retryWhen} subscription): it counts that call's refusals. Not thread-safe;
 * a retry companion handles its signals one at a time.
 */
public final class OutageWait {

    private final Duration limit;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final double jitter;
    private int refusals;
    private long waitedMillis;

    public OutageWait(Duration limit, Duration firstBackoff, Duration maxBackoff, double jitter) {
        this.limit = limit;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.jitter = jitter;
    }

    /** The delay before looking at the circuit again after one more refusal; {@code null} once the wait is used up. */
    public Duration next() {
        Duration delay = Backoff.exponential(firstBackoff, maxBackoff, jitter, ++refusals);
        if (waitedMillis + delay.toMillis() > limit.toMillis()) {
            return null;
        }
        waitedMillis += delay.toMillis();
        return delay;
    }
}
