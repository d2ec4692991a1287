package ru.moku.simulators.faults;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * What every simulator's fault injection shares: the faults in force (those of the configuration
 * properties until an admin call replaces them, and back on reset), the latency with its jitter, and
 * a seedable draw. Each simulator adds the failures of its own protocol. Thread-safe as long as the
 * random generator is (a {@link java.util.Random} is).
 *
 * @param <F> the simulator's faults record
 */
public class SwitchableFaults<F extends LatencyFaults> {

    private final F configured;
    private final AtomicReference<F> current;
    protected final RandomGenerator random;

    protected SwitchableFaults(F configured, RandomGenerator random) {
        this.configured = Objects.requireNonNull(configured, "configured");
        this.current = new AtomicReference<>(configured);
        this.random = Objects.requireNonNull(random, "random");
    }

    public F current() {
        return current.get();
    }

    public void replace(F faults) {
        current.set(Objects.requireNonNull(faults, "faults"));
    }

    /** Back to the faults of the configuration properties. */
    public F reset() {
        current.set(configured);
        return configured;
    }

    /** {@code latency} plus a uniformly random share of {@code latencyJitter}. */
    public Duration nextLatency(F faults) {
        Duration jitter = faults.latencyJitter();
        if (jitter.isZero()) {
            return faults.latency();
        }
        return faults.latency().plusNanos((long) (jitter.toNanos() * random.nextDouble()));
    }

    /** Whether an event of probability {@code rate} happens this time. */
    protected boolean happens(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
