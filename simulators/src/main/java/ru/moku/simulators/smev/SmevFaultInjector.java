package ru.moku.simulators.smev;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import ru.moku.simulators.faults.SwitchableFaults;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * Decides, request by request, which configured fault to inject. Starts with the faults of the
 * properties; {@code PUT /admin/smev/faults} replaces them, {@code DELETE} restores the configured ones.
 * Thread-safe as long as the random generator is (a {@link java.util.Random} is).
 */
class SmevFaultInjector extends SwitchableFaults<Faults> {

    /** What happens to a request before it reaches SMEV's logic. */
    enum Outcome {
        /** Processed normally. */
        NONE,
        /** Answered with a plain HTTP 503, not processed. */
        HTTP_503,
        /** Answered with a SOAP Fault {@code SMEVFailure}, not processed. */
        SOAP_FAULT
    }

    SmevFaultInjector(Faults configured, RandomGenerator random) {
        super(configured, random);
    }

    /** Failures scripted by {@link #failNext}: how many are left, and which. */
    private final AtomicInteger scriptedFailures = new AtomicInteger();
    private final AtomicReference<Outcome> scriptedOutcome = new AtomicReference<>(Outcome.SOAP_FAULT);

    /** The next {@code count} requests get {@code outcome}, before any rate is drawn; 0 cancels. */
    void failNext(int count, Outcome outcome) {
        scriptedOutcome.set(outcome);
        scriptedFailures.set(count);
    }

    /** A scripted failure first, then an injected 503, then an injected SOAP Fault, each with its own rate. */
    Outcome nextOutcome(Faults faults) {
        if (scriptedFailures.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            return scriptedOutcome.get();
        }
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

}
