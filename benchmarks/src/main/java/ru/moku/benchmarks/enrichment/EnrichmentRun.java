package ru.moku.benchmarks.enrichment;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.function.Consumer;
import ru.moku.benchmarks.Machine;
import ru.moku.benchmarks.ResultsFile;

/**
 * One run of the enrichment benchmark: starts the simulator, runs the phases in order (a reactive, b
 * throttled, c blocking), writes the results file and its copy {@link EnrichmentOptions#LATEST}, prints them.
 */
public final class EnrichmentRun {

    private final EnrichmentOptions options;
    private final Consumer<String> out;

    public EnrichmentRun(EnrichmentOptions options, Consumer<String> out) {
        this.options = options;
        this.out = out;
    }

    /** @return 0 if every phase measured everything, 1 if one failed or did not finish */
    public int run() throws Exception {
        // Before the first HttpURLConnection of the JVM: the JDK reads it once.
        BlockingLookups.keepAliveConnections(options.blockingThreads());
        LocalDateTime started = LocalDateTime.now();
        Machine machine = Machine.describeWithoutServers();
        say("Machine: %d cores, %s memory, %s", machine.cores(), machine.memory(), machine.java());

        PhaseFigures reactive;
        PhaseFigures throttled;
        PhaseFigures blocking;
        java.util.List<EnrichmentPhases.AlternatingRun> alternating = java.util.List.of();
        String alternatingFailure = null;
        say("Starting the Dadata simulator (child JVM)");
        try (DadataSimulatorProcess simulator = DadataSimulatorProcess.start(out)) {
            EnrichmentPhases phases = new EnrichmentPhases(options, simulator, out);
            say("a) Reactive, unthrottled: %d lookups, %d in flight, latency %d ms", options.lookups(),
                    options.concurrency(), options.latency().toMillis());
            reactive = phase(PhaseFigures.Phase.REACTIVE, EnrichmentPhases.reactiveSetup(options), phases::reactive);
            say("b) Reactive, throttled at %d/s: %d s", options.rateLimit(), options.throttledSeconds());
            throttled = phase(PhaseFigures.Phase.THROTTLED, EnrichmentPhases.throttledSetup(options),
                    phases::throttled);
            say("c) Blocking: %d lookups, %d threads", options.lookups(), options.blockingThreads());
            blocking = phase(PhaseFigures.Phase.BLOCKING, EnrichmentPhases.blockingSetup(options), phases::blocking);
            if (options.rounds() > 0) {
                say("d) Alternating at equal warm-up: %d rounds of blocking then reactive, %d lookups each",
                        options.rounds(), options.lookups());
                try {
                    alternating = phases.alternating(options.rounds());
                } catch (Exception e) {
                    say("  phase failed: %s", e);
                    e.printStackTrace(System.out);
                    alternatingFailure = e.toString();
                }
            }
            say("Stopping the simulator");
        }

        EnrichmentReport.Run run = new EnrichmentReport.Run(started, machine, options, reactive, throttled, blocking);
        String markdown = EnrichmentReport.markdown(run)
                + EnrichmentReport.alternating(options, alternating, alternatingFailure);
        write(markdown);
        System.out.println();
        System.out.println(markdown);
        say("Results written to %s and %s", options.output(), EnrichmentOptions.LATEST);
        return run.complete() && alternatingFailure == null ? 0 : 1;
    }

    /** A phase's body; it may block and throw. */
    private interface Phase {
        PhaseFigures run() throws Exception;
    }

    private PhaseFigures phase(PhaseFigures.Phase which, String setup, Phase phase) throws InterruptedException {
        try {
            return phase.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            say("  phase failed: %s", e);
            e.printStackTrace(System.out);
            return PhaseFigures.failed(which, setup, e);
        }
    }

    private void write(String markdown) throws IOException {
        ResultsFile.write(options.output(), EnrichmentOptions.LATEST, markdown);
    }

    private void say(String format, Object... args) {
        out.accept("▶ " + String.format(Locale.ROOT, format, args));
    }
}
