package ru.moku.benchmarks.enrichment;

import java.util.Collections;
import ru.moku.benchmarks.CpuAccount;
import ru.moku.simulators.dadata.DadataStats;

/**
 * What one phase measured, or why it could not.
 *
 * @param phase     which phase
 * @param setup     how the client was set up, in words
 * @param load      the lookups of the measured run; null if the phase failed before it ended
 * @param simulator what the simulator received during the measured run; null if not read
 * @param cpu       cores busy over the measured run; null where /proc cannot be read
 * @param threads   this JVM's threads at the end of the measured run, the client still open
 * @param failure   why the phase failed; null if it ran
 */
record PhaseFigures(Phase phase, String setup, LookupTally.Result load, SimulatorCounts simulator,
                           CpuAccount.ChildSplit cpu, ThreadFootprint threads, String failure) {

    /** The three phases, in the order they run. */
    enum Phase {
        REACTIVE("a) Reactive, unthrottled"),
        THROTTLED("b) Reactive, throttled"),
        BLOCKING("c) Blocking thread pool");

        private final String title;

        Phase(String title) {
            this.title = title;
        }

        String title() {
            return title;
        }
    }

    static PhaseFigures failed(Phase phase, String setup, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new PhaseFigures(phase, setup, null, null, null, null, message);
    }

    boolean ran() {
        return failure == null && load != null;
    }

    /**
     * The simulator's counters of {@code findById/party} over the measured run.
     *
     * @param requests             requests received (refused ones included)
     * @param ok                   answered 200
     * @param tooManyRequests      answered 429
     * @param identifiers          distinct identifiers asked
     * @param maxPerIdentifier     most requests for one identifier (1 = no lookup was asked twice)
     */
    record SimulatorCounts(long requests, long ok, long tooManyRequests, int identifiers, long maxPerIdentifier) {

        static SimulatorCounts of(DadataStats stats) {
            return new SimulatorCounts(stats.total(), stats.withStatus(200), stats.withStatus(429),
                    stats.byIdentifier().size(),
                    stats.byIdentifier().isEmpty() ? 0 : Collections.max(stats.byIdentifier().values()));
        }
    }
}
