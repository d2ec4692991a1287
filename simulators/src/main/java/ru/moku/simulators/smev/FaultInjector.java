package ru.moku.simulators.smev;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * Decides, request by request, which configured fault to inject. Starts with the faults of the
 * properties; {@code PUT /admin/smev/faults} replaces them, {@code DELETE} restores the configured ones.
 * Thread-safe as long as the random generator is (a {@link java.util.Random} is).
 */
class FaultInjector {

    /** What happens to a request before it reaches SMEV's logic. */
    enum Outcome {
        /** Processed normally. */
        NONE,
        /** Answered with a plain HTTP 503, not processed. */
        HTTP_503,
        /** Answered with a SOAP Fault {@code SMEVFailure}, not processed. */
        SOAP_FAULT
    }

    private final Faults configured;
    private final AtomicReference<Faults> current;
    private final RandomGenerator random;

    FaultInjector(Faults configured, RandomGenerator random) {
        this.configured = Objects.requireNonNull(configured, "configured");
        this.current = new AtomicReference<>(configured);
        this.random = Objects.requireNonNull(random, "random");
    }

    Faults current() {
        return current.get();
    }

    void replace(Faults faults) {
        current.set(Objects.requireNonNull(faults, "faults"));
    }

    /** Back to the faults of the configuration properties. */
    Faults reset() {
        current.set(configured);
        return configured;
    }

    /** {@code latency} plus a uniformly random share of {@code latencyJitter}. */
    Duration nextLatency(Faults faults) {
        Duration jitter = faults.latencyJitter();
        if (jitter.isZero()) {
            return faults.latency();
        }
        return faults.latency().plusNanos((long) (jitter.toNanos() * random.nextDouble()));
    }

    /** An injected 503 first, then an injected SOAP Fault, each with its own rate. */
    Outcome nextOutcome(Faults faults) {
        if (happens(faults.http5xxRate())) {
            return Outcome.HTTP_503;
        }
        return happens(faults.soapFaultRate()) ? Outcome.SOAP_FAULT : Outcome.NONE;
    }

    boolean duplicateDelivery(Faults faults) {
        return happens(faults.duplicateDeliveryRate());
    }

    boolean dropAck(Faults faults) {
        return happens(faults.dropAckRate());
    }

    private boolean happens(double rate) {
        return rate > 0 && random.nextDouble() < rate;
    }
}
