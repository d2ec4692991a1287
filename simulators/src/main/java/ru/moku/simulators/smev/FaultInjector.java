package ru.moku.simulators.smev;

import java.util.random.RandomGenerator;
import ru.moku.simulators.faults.SwitchableFaults;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * Decides, request by request, which configured fault to inject. Starts with the faults of the
 * properties; {@code PUT /admin/smev/faults} replaces them, {@code DELETE} restores the configured ones.
 * Thread-safe as long as the random generator is (a {@link java.util.Random} is).
 */
class FaultInjector extends SwitchableFaults<Faults> {

    /** What happens to a request before it reaches SMEV's logic. */
    enum Outcome {
        /** Processed normally. */
        NONE,
        /** Answered with a plain HTTP 503, not processed. */
        HTTP_503,
        /** Answered with a SOAP Fault {@code SMEVFailure}, not processed. */
        SOAP_FAULT
    }

    FaultInjector(Faults configured, RandomGenerator random) {
        super(configured, random);
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

}
