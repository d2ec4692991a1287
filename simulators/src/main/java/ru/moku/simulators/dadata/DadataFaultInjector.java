package ru.moku.simulators.dadata;

import java.util.random.RandomGenerator;
import ru.moku.simulators.faults.SwitchableFaults;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;

/**
 * Decides, request by request, which configured failure to inject into {@code findById/party}. Starts with
 * the faults of the properties; {@code PUT /admin/dadata/faults} replaces them, {@code DELETE} restores the
 * configured ones. Thread-safe as long as the random generator is (a {@link java.util.Random} is).
 */
class DadataFaultInjector extends SwitchableFaults<Faults> {

    /** What happens to a request that passed the door (rate limit, key, quota) and was read. */
    enum Failure {
        /** Answered normally. */
        NONE,
        /** Not answered for {@code timeoutDuration}, then a proxy's 504. */
        TIMEOUT,
        /** Dadata's JSON error, 500. */
        HTTP_500,
        /** A proxy's HTML page, 502. */
        HTTP_502,
        /** A proxy's HTML page, 503. */
        HTTP_503
    }

    DadataFaultInjector(Faults configured, RandomGenerator random) {
        super(configured, random);
    }

    /**
     * One draw for all failures, each rate a slice of [0, 1): the rates are exact shares of the requests
     * ("5 % time out and 2 % get 503" gives 93 % answered), not independent chances.
     */
    Failure nextFailure(Faults faults) {
        double total = faults.timeoutRate() + faults.http500Rate() + faults.http502Rate() + faults.http503Rate();
        if (total <= 0) {
            return Failure.NONE;
        }
        double draw = random.nextDouble();
        double limit = faults.timeoutRate();
        if (draw < limit) {
            return Failure.TIMEOUT;
        }
        limit += faults.http500Rate();
        if (draw < limit) {
            return Failure.HTTP_500;
        }
        limit += faults.http502Rate();
        if (draw < limit) {
            return Failure.HTTP_502;
        }
        limit += faults.http503Rate();
        return draw < limit ? Failure.HTTP_503 : Failure.NONE;
    }
}
