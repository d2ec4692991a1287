package ru.moku.benchmarks.enrichment;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import ru.moku.benchmarks.CpuAccount;
import ru.moku.benchmarks.Machine;

/** The results as Markdown: the summary table with the targets first, then machine, settings and each phase. */
final class EnrichmentReport {

    /** Phase a: lookups per second, unthrottled. */
    static final double TARGET_LOOKUPS_PER_SECOND = 2_000;
    /** Phase b: share of the per-second quota used, with no 429 at all. */
    static final double TARGET_QUOTA_USE = 0.95;

    /**
     * Everything a results file says.
     *
     * @param started    when the run started (local time)
     * @param machine    where it ran
     * @param options    the options it ran with
     * @param reactive   phase a
     * @param throttled  phase b
     * @param blocking   phase c
     */
    record Run(LocalDateTime started, Machine machine, EnrichmentOptions options, PhaseFigures reactive,
               PhaseFigures throttled, PhaseFigures blocking) {

        boolean complete() {
            return reactive.ran() && reactive.load().complete()
                    && throttled.ran() && throttled.load().failed() == 0
                    && blocking.ran() && blocking.load().complete();
        }

        double quotaUse() {
            return throttled.ran() ? throttled.load().lookupsPerSecond() / options.rateLimit() : Double.NaN;
        }

        /** Reactive ÷ blocking lookups per second; NaN unless both ran completely. */
        double ratio() {
            return reactive.ran() && reactive.load().complete() && blocking.ran() && blocking.load().complete()
                    ? reactive.load().lookupsPerSecond() / blocking.load().lookupsPerSecond() : Double.NaN;
        }
    }

    private EnrichmentReport() {
    }

    static String markdown(Run run) {
        EnrichmentOptions options = run.options();
        StringBuilder md = new StringBuilder();
        md.append("# Enrichment benchmark — ")
                .append(run.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append("\n\n");
        md.append(String.format(Locale.ROOT, """
                ОКТМО lookups per second against the Dadata simulator answering after %d ms: the enrichment's Dadata
                client (DadataClient + ResilientCalls) a) unthrottled and b) throttled to Dadata's %d requests/s,
                and c) the same lookups on a blocking thread pool. The PostgreSQL cache is not part of these figures.
                Run: `benchmarks/run.sh enrichment`; see `benchmarks/README.md`.

                """, options.latency().toMillis(), options.rateLimit()));
        summary(md, run);
        machine(md, run.machine());
        settings(md, run);
        phase(md, run.reactive(), run);
        phase(md, run.throttled(), run);
        phase(md, run.blocking(), run);
        md.append(String.format(Locale.ROOT, """
                ## How to read

                - *lookups/s* = lookups answered (ОКТМО found or not: both are answers) ÷ the time from the first lookup
                  started to the last one ended; in b) ÷ the phase's fixed duration, counting the lookups that ended
                  within it. *Latency* is per lookup, from the moment it was in flight (a slot of the `flatMap` or a
                  thread of the pool) to its answer; in b) it includes the wait for a rate-limiter permit.
                - *429s seen by the client*: 429 answers the client received (the reactive client retries them after
                  `Retry-After` or 1 s, so a lookup may still succeed); *simulator requests*: what the simulator
                  counted over the measured run, 429s included. Every identifier is new (valid ИНН, fixed seed), so
                  requests ≈ lookups; "most per identifier" above 1 means retries.
                - *quota use* (b) = lookups/s ÷ %d. The target is ≥ %.0f %% of it with no 429 at all: the limiter in front
                  of Dadata must neither waste the quota nor overstep it (Dadata counts a sliding second).
                - *ratio* = a ÷ c. Phase c has the same requests in flight as a (one per thread), the same JVM and heap;
                  its extra memory is the threads' stacks (see "Threads"), and it does less per lookup (no resilience4j).
                - The simulator runs in a child JVM on the same cores. *CPU* shows who kept them busy: client and
                  simulator together near the core count means the figure is the machine's, not the client's;
                  "other processes" well above 0 means the machine was not idle — run again.
                """, options.rateLimit(), TARGET_QUOTA_USE * 100));
        return md.toString();
    }

    /**
     * d) Reactive vs blocking at equal warm-up: one row per measured run in the order they ran, then the mean of each
     * side; CPU per lookup of the client (this JVM) and of the simulator.
     */
    static String alternating(EnrichmentOptions options, java.util.List<EnrichmentPhases.AlternatingRun> runs,
                              String failure) {
        if (options.rounds() == 0) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## d) Reactive vs blocking at equal warm-up (alternating)\n\n");
        md.append(String.format(Locale.ROOT, "Both clients created and warmed first (%d lookups each), then "
                + "blocking and reactive alternate, %d lookups per run, %d rounds, against the same warm simulator "
                + "(latency %d ms): neither side meets a colder JVM or simulator. Reactive: %d in flight (as a); "
                + "blocking: %d threads (as c). ms CPU per lookup = the process's CPU time over the run ÷ lookups "
                + "answered.%n%n", options.warmup(), options.lookups(), options.rounds(), options.latency().toMillis(),
                options.concurrency(), options.blockingThreads()));
        if (failure != null) {
            md.append("**d) failed:** ").append(failure).append("\n\n");
        }
        md.append("| run | client | lookups answered | failed | lookups/s | p50 (ms) | p99 (ms) | ms CPU per lookup: "
                + "client (this JVM) | … simulator | … other processes |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        int number = 0;
        java.util.Map<String, double[]> sums = new java.util.LinkedHashMap<>();
        for (EnrichmentPhases.AlternatingRun run : runs) {
            number++;
            md.append(String.format(Locale.ROOT, "| %d | %s (round %d) | %d | %d | %.0f | %.1f | %.1f | %.3f | %.3f | "
                            + "%.3f |%n", number, run.client(), run.round(), run.load().answered(), run.load().failed(),
                    run.load().lookupsPerSecond(), run.load().latencyMillis(50), run.load().latencyMillis(99),
                    run.perLookup(run.clientMillis()), run.perLookup(run.simulatorMillis()),
                    run.perLookup(run.otherMillis())));
            double[] sum = sums.computeIfAbsent(run.client(), key -> new double[5]);
            sum[0] += run.load().answered();
            sum[1] += run.seconds();
            sum[2] += run.clientMillis();
            sum[3] += run.simulatorMillis();
            sum[4] += run.otherMillis();
        }
        md.append("\n| client (all its runs) | lookups/s | ms CPU per lookup: client | … simulator | … other processes |"
                + "\n|---|---:|---:|---:|---:|\n");
        sums.forEach((client, sum) -> md.append(String.format(Locale.ROOT, "| %s | %.0f | %.3f | %.3f | %.3f |%n",
                client, sum[0] / Math.max(1e-9, sum[1]), sum[2] / Math.max(1, sum[0]), sum[3] / Math.max(1, sum[0]),
                sum[4] / Math.max(1, sum[0]))));
        return md.toString();
    }

    private static void summary(StringBuilder md, Run run) {
        md.append("| Phase | Lookups | Seconds | Lookups/s | Latency p50 / p95 / p99 (ms) | 429s seen by the client "
                + "| Simulator requests (429s) | Quota use | Target | Met? |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        double rate = rate(run.reactive());
        summaryRow(md, run.reactive(), "—", String.format(Locale.ROOT, "≥ %,.0f lookups/s", TARGET_LOOKUPS_PER_SECOND),
                !run.reactive().ran() ? "not measured"
                        : verdict(run.reactive().load().complete() && rate >= TARGET_LOOKUPS_PER_SECOND));
        boolean throttledMet = run.throttled().ran() && run.quotaUse() >= TARGET_QUOTA_USE
                && run.throttled().load().tooManyRequests() == 0
                && (run.throttled().simulator() == null || run.throttled().simulator().tooManyRequests() == 0);
        summaryRow(md, run.throttled(), percent(run.quotaUse()), String.format(Locale.ROOT,
                        "≥ %.0f %% of %d/s, zero 429s", TARGET_QUOTA_USE * 100, run.options().rateLimit()),
                !run.throttled().ran() ? "not measured" : verdict(throttledMet));
        summaryRow(md, run.blocking(), "—", "reference for a)",
                "a ÷ c = **" + format(run.ratio(), 2) + "**");
        md.append('\n');
    }

    private static void summaryRow(StringBuilder md, PhaseFigures figures, String quota, String target, String met) {
        md.append("| ").append(figures.phase().title()).append(" | ");
        if (!figures.ran()) {
            md.append("— | — | — | — | — | — | — | ").append(target).append(" | ").append(met).append(" |\n");
            return;
        }
        LookupTally.Result load = figures.load();
        PhaseFigures.SimulatorCounts simulator = figures.simulator();
        md.append(String.format(Locale.ROOT, "%,d | %.2f | **%,.0f** | %s / %s / %s | %d | %s | %s | %s | %s |\n",
                load.answered(), load.elapsed().toMillis() / 1000.0, load.lookupsPerSecond(),
                format(load.latencyMillis(50), 1), format(load.latencyMillis(95), 1), format(load.latencyMillis(99), 1),
                load.tooManyRequests(),
                simulator == null ? "—" : String.format(Locale.ROOT, "%,d (%d)", simulator.requests(),
                        simulator.tooManyRequests()),
                quota, target, met));
    }

    private static void machine(StringBuilder md, Machine machine) {
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "Cores", String.valueOf(machine.cores()));
        row(md, "Memory", machine.memory());
        row(md, "CPU", machine.cpu());
        row(md, "OS", machine.os());
        row(md, "Java", machine.java() + " (benchmark JVM max heap " + machine.maxHeap() + ")");
        md.append('\n');
    }

    private static void settings(StringBuilder md, Run run) {
        EnrichmentOptions options = run.options();
        md.append("## Settings\n\n| | |\n|---|---|\n");
        row(md, "Lookups", String.format(Locale.ROOT, "a) and c): %,d measured after %,d warm-up lookups not counted; "
                + "b): %d s. Every lookup a new valid 10-digit ИНН (IdentifierGenerator, seed %d)",
                options.lookups(), options.warmup(), options.throttledSeconds(), UniqueInns.SEED));
        row(md, "Dadata simulator", String.format(Locale.ROOT, "child JVM (%s, ParallelGC), 127.0.0.1, fixed latency "
                + "%d ms, directory defaults (10 %% unknown, 5 %% without ОКТМО, 1 %% large answers ~300 KB)",
                DadataSimulatorProcess.HEAP, options.latency().toMillis()));
        row(md, "a) Reactive", EnrichmentPhases.reactiveSetup(options));
        row(md, "b) Throttled", EnrichmentPhases.throttledSetup(options));
        row(md, "c) Blocking", EnrichmentPhases.blockingSetup(options) + "; \"equal memory\": same JVM and heap, "
                + "the same requests in flight as a) — the threads' stacks are its extra cost, measured below");
        md.append('\n');
    }

    private static void phase(StringBuilder md, PhaseFigures figures, Run run) {
        md.append("## ").append(figures.phase().title()).append("\n\n");
        if (!figures.ran()) {
            md.append("Not measured: ").append(figures.failure()).append("\n\n");
            return;
        }
        LookupTally.Result load = figures.load();
        md.append("| | |\n|---|---|\n");
        row(md, "Client", figures.setup());
        row(md, "Lookups", String.format(Locale.ROOT, "%,d started, %,d answered: %,d with ОКТМО, %,d without; "
                        + "%,d failed", load.requested(), load.answered(), load.found(), load.notFound(), load.failed()));
        load.failuresByKind().forEach((kind, first) -> row(md, "Failed: " + kind,
                "`" + first.replace("|", "\\|").replace("`", "'") + "`"));
        row(md, "Lookups/s", String.format(Locale.ROOT, "**%,.1f** (%,d in %.2f s)", load.lookupsPerSecond(),
                load.answered(), load.elapsed().toMillis() / 1000.0));
        if (figures.phase() == PhaseFigures.Phase.THROTTLED) {
            row(md, "Quota use", String.format(Locale.ROOT, "**%s** of %d/s", percent(run.quotaUse()),
                    run.options().rateLimit()));
        }
        row(md, "Latency p50 / p95 / p99", String.format(Locale.ROOT, "%s / %s / %s ms",
                format(load.latencyMillis(50), 1), format(load.latencyMillis(95), 1), format(load.latencyMillis(99), 1)));
        row(md, "429s seen by the client", String.valueOf(load.tooManyRequests()));
        PhaseFigures.SimulatorCounts simulator = figures.simulator();
        row(md, "Simulator", String.format(Locale.ROOT, "%,d requests: %,d × 200, %,d × 429; %,d identifiers, "
                        + "most per identifier %d", simulator.requests(), simulator.ok(), simulator.tooManyRequests(),
                simulator.identifiers(), simulator.maxPerIdentifier()));
        row(md, "CPU, cores busy on average (of " + run.machine().cores() + ")", cpu(figures.cpu()));
        row(md, "Threads (this JVM, at the end)", figures.threads().describe());
        md.append('\n');
        if (load.answersBySecond().length > 0) {
            timeline(md, load);
        }
    }

    /** Per second of a timed run: where the quota went, and when the 429s came. */
    private static void timeline(StringBuilder md, LookupTally.Result load) {
        md.append("Per second of the run (answers: lookups that ended with an answer in that second; 429s: "
                + "answers 429 the client received in it):\n\n| Second | ");
        StringBuilder divider = new StringBuilder("|---|");
        StringBuilder answers = new StringBuilder("| Answers | ");
        StringBuilder tooMany = new StringBuilder("| 429s | ");
        for (int second = 0; second < load.answersBySecond().length; second++) {
            md.append(second + 1).append(" | ");
            divider.append("---:|");
            answers.append(load.answersBySecond()[second]).append(" | ");
            tooMany.append(load.tooManyRequestsBySecond()[second]).append(" | ");
        }
        md.append('\n').append(divider).append('\n').append(answers).append('\n').append(tooMany).append("\n\n");
    }

    private static String cpu(CpuAccount.ChildSplit split) {
        return split == null ? "unknown (no /proc)" : split.describe("Dadata simulator") + " — over the measured run";
    }

    private static double rate(PhaseFigures figures) {
        return figures.ran() ? figures.load().lookupsPerSecond() : Double.NaN;
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**not met**";
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(value).append(" |\n");
    }

    private static String format(double value, int decimals) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
