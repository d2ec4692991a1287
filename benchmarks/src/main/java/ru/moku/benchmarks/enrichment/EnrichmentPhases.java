package ru.moku.benchmarks.enrichment;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import ru.moku.benchmarks.CpuAccount;
import ru.moku.benchmarks.Poll;

/**
 * The three phases against one running simulator, each on a client of its own and on identifiers never
 * asked before. Phases a and c first run {@code --warmup} lookups that are not counted (JIT, connection
 * pools, the simulator's own warm-up); phase b needs none, it runs after a on a warm JVM.
 */
final class EnrichmentPhases {

    /** Longer than any one lookup may take (5 s per attempt, retries): what a run may take after its deadline. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(60);

    private final EnrichmentOptions options;
    private final DadataSimulatorProcess simulator;
    private final Consumer<String> out;
    private final UniqueInns inns = new UniqueInns();

    EnrichmentPhases(EnrichmentOptions options, DadataSimulatorProcess simulator, Consumer<String> out) {
        this.options = options;
        this.simulator = simulator;
        this.out = out;
    }

    static String reactiveSetup(EnrichmentOptions options) {
        return String.format(Locale.ROOT, "DadataClient + ResilientCalls, %d lookups in flight; rate limit lifted "
                        + "(%d/s), bulkhead %d, connection pool %d; simulator without rate limit",
                options.concurrency(), ReactiveLookups.UNLIMITED_RATE, options.concurrency(), options.concurrency());
    }

    static String throttledSetup(EnrichmentOptions options) {
        return String.format(Locale.ROOT, "DadataClient + ResilientCalls, %d lookups in flight; rate limit %d/s "
                        + "(resilience4j, one permit every 1 s / %d), bulkhead %d, connection pool %d; "
                        + "simulator answers 429 above %d requests in any 1 s (sliding window), no Retry-After",
                options.throttledConcurrency(), options.rateLimit(), options.rateLimit() - 1,
                options.throttledConcurrency(), options.throttledConcurrency(), options.rateLimit());
    }

    static String blockingSetup(EnrichmentOptions options) {
        return String.format(Locale.ROOT, "HttpURLConnection on a fixed pool of %d platform threads (one request "
                + "in flight each), keep-alive cache of %d connections; no resilience4j; simulator without rate limit",
                options.blockingThreads(), options.blockingThreads());
    }

    /** a) As many lookups a second as the client and the simulator manage, nothing throttling. */
    PhaseFigures reactive() throws Exception {
        simulator.faults(options.latency(), 0);
        try (ReactiveLookups client = new ReactiveLookups(simulator.baseUrl(), ReactiveLookups.UNLIMITED_RATE,
                options.concurrency())) {
            if (options.warmup() > 0) {
                int gentle = Math.max(1, options.warmup() / 5);
                out.accept(String.format(Locale.ROOT, "  warm-up: %d lookups %d in flight, then %d lookups %d in "
                                + "flight, not counted", gentle, gentleConcurrency(options.concurrency()),
                        options.warmup() - gentle, options.concurrency()));
                report("warm-up", await(client.lookUp(inns.next(gentle), gentleConcurrency(options.concurrency())),
                        gentle, client::answered));
                report("warm-up", await(client.lookUp(inns.next(options.warmup() - gentle), options.concurrency()),
                        options.warmup() - gentle, client::answered));
                // Time-outs of a cold start may have opened the circuit: they are not part of the measured run.
                client.resetCircuitBreaker();
            }
            List<String> measured = inns.next(options.lookups());
            out.accept(String.format(Locale.ROOT, "  measured: %d lookups, %d in flight", options.lookups(),
                    options.concurrency()));
            simulator.resetStats();
            Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
            LookupTally.Result load = await(client.lookUp(measured, options.concurrency()), options.lookups(),
                    client::answered);
            CpuAccount.ChildSplit cpu = CpuAccount.between(cpuAtStart, CpuAccount.read(), simulator.pid()).orElse(null);
            ThreadFootprint threads = ThreadFootprint.now();
            return new PhaseFigures(PhaseFigures.Phase.REACTIVE, reactiveSetup(options), load,
                    PhaseFigures.SimulatorCounts.of(simulator.stats()), cpu, threads, null);
        }
    }

    /**
     * b) Dadata's real limit on both sides: our rate limiter at {@code --rate-limit}/s in front, the simulator
     * answering 429 above it. Runs for {@code --throttled-seconds} and counts the lookups that ended within.
     */
    PhaseFigures throttled() throws Exception {
        simulator.faults(options.latency(), options.rateLimit());
        simulator.resetStats();
        try (ReactiveLookups client = new ReactiveLookups(simulator.baseUrl(), options.rateLimit(),
                options.throttledConcurrency())) {
            Duration duration = Duration.ofSeconds(options.throttledSeconds());
            out.accept(String.format(Locale.ROOT, "  measured: %d s, %d in flight, %d/s allowed",
                    options.throttledSeconds(), options.throttledConcurrency(), options.rateLimit()));
            int capacity = options.rateLimit() * options.throttledSeconds() * 2 + options.throttledConcurrency();
            Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
            LookupTally.Result load = await(client.lookUpFor(inns, options.throttledConcurrency(), duration, capacity),
                    options.rateLimit() * options.throttledSeconds(), client::answered);
            CpuAccount.ChildSplit cpu = CpuAccount.between(cpuAtStart, CpuAccount.read(), simulator.pid()).orElse(null);
            ThreadFootprint threads = ThreadFootprint.now();
            return new PhaseFigures(PhaseFigures.Phase.THROTTLED, throttledSetup(options), load,
                    PhaseFigures.SimulatorCounts.of(simulator.stats()), cpu, threads, null);
        } finally {
            simulator.faults(options.latency(), 0);
        }
    }

    /** c) The same lookups, one blocking request per thread. */
    PhaseFigures blocking() throws Exception {
        simulator.faults(options.latency(), 0);
        try (BlockingLookups client = new BlockingLookups(simulator.baseUrl(), options.blockingThreads())) {
            if (options.warmup() > 0) {
                out.accept(String.format(Locale.ROOT, "  warm-up: %d lookups, not counted", options.warmup()));
                report("warm-up", run(client, inns.next(options.warmup())));
            }
            List<String> measured = inns.next(options.lookups());
            out.accept(String.format(Locale.ROOT, "  measured: %d lookups, %d threads", options.lookups(),
                    options.blockingThreads()));
            simulator.resetStats();
            Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
            LookupTally.Result load = run(client, measured);
            CpuAccount.ChildSplit cpu = CpuAccount.between(cpuAtStart, CpuAccount.read(), simulator.pid()).orElse(null);
            ThreadFootprint threads = ThreadFootprint.now();
            return new PhaseFigures(PhaseFigures.Phase.BLOCKING, blockingSetup(options), load,
                    PhaseFigures.SimulatorCounts.of(simulator.stats()), cpu, threads, null);
        }
    }

    /**
     * One measured run of d): which client, the round, lookups/s, and CPU milliseconds per lookup of this JVM (the
     * client), the simulator (child JVM) and the rest of the machine over the run.
     */
    record AlternatingRun(String client, int round, LookupTally.Result load, double seconds, double clientMillis,
                          double simulatorMillis, double otherMillis) {

        double perLookup(double millis) {
            return load.answered() == 0 ? Double.NaN : millis / load.answered();
        }
    }

    /**
     * d) Reactive vs blocking at equal warm-up: both clients are created and warmed first (the same {@code --warmup}
     * each, reactive gently at first as in a), then the measured runs alternate — blocking, reactive, blocking,
     * reactive… ({@code rounds} of each, {@code --lookups} new identifiers each) — against the same warm simulator, so
     * neither side meets a colder JVM, simulator or connection pool than the other.
     */
    List<AlternatingRun> alternating(int rounds) throws Exception {
        simulator.faults(options.latency(), 0);
        List<AlternatingRun> runs = new java.util.ArrayList<>();
        try (ReactiveLookups reactive = new ReactiveLookups(simulator.baseUrl(), ReactiveLookups.UNLIMITED_RATE,
                options.concurrency());
             BlockingLookups blocking = new BlockingLookups(simulator.baseUrl(), options.blockingThreads())) {
            if (options.warmup() > 0) {
                int gentle = Math.max(1, options.warmup() / 5);
                out.accept(String.format(Locale.ROOT, "  warm-up of both: %d blocking lookups; %d + %d reactive, not "
                        + "counted", options.warmup(), gentle, options.warmup() - gentle));
                report("warm-up", run(blocking, inns.next(options.warmup())));
                report("warm-up", await(reactive.lookUp(inns.next(gentle), gentleConcurrency(options.concurrency())),
                        gentle, reactive::answered));
                report("warm-up", await(reactive.lookUp(inns.next(options.warmup() - gentle), options.concurrency()),
                        options.warmup() - gentle, reactive::answered));
                reactive.resetCircuitBreaker();
            }
            for (int round = 1; round <= rounds; round++) {
                for (String side : List.of("blocking", "reactive")) {
                    List<String> measured = inns.next(options.lookups());
                    out.accept(String.format(Locale.ROOT, "  round %d, %s: %d lookups", round, side,
                            options.lookups()));
                    // Time-outs of the previous run (an overloaded machine) may have opened the circuit: each run
                    // starts closed, as each blocking run starts without one.
                    reactive.resetCircuitBreaker();
                    Optional<CpuAccount.Reading> cpuAtStart = CpuAccount.read();
                    long began = System.nanoTime();
                    LookupTally.Result load = side.equals("blocking") ? run(blocking, measured)
                            : await(reactive.lookUp(measured, options.concurrency()), options.lookups(),
                                    reactive::answered);
                    double seconds = (System.nanoTime() - began) / 1e9;
                    CpuAccount.ChildSplit cpu = CpuAccount.between(cpuAtStart, CpuAccount.read(), simulator.pid())
                            .orElse(new CpuAccount.ChildSplit(Double.NaN, Double.NaN, Double.NaN));
                    runs.add(new AlternatingRun(side, round, load, seconds, cpu.self() * seconds * 1000,
                            cpu.child() * seconds * 1000, cpu.others() * seconds * 1000));
                }
            }
        }
        return runs;
    }

    private LookupTally.Result run(BlockingLookups client, List<String> lookups) throws InterruptedException {
        long started = System.nanoTime();
        LookupTally tally = client.start(lookups);
        OptionalLong done = Poll.until(() -> client.answered() >= lookups.size(), options.timeout(),
                () -> "lookups " + client.answered() + "/" + lookups.size(), out);
        if (done.isEmpty()) {
            throw new IllegalStateException(client.answered() + " of " + lookups.size()
                    + " blocking lookups ended within " + options.timeout());
        }
        // From the first lookup started to the last one ended, not to when the poll saw it.
        return tally.result(lookups.size(), Duration.ofNanos(tally.lastEnded() - started));
    }

    private LookupTally.Result await(Mono<LookupTally.Result> run, int expected, IntSupplier answered)
            throws InterruptedException {
        CompletableFuture<LookupTally.Result> result = run.toFuture();
        OptionalLong finished = Poll.until(result::isDone, options.timeout().plus(ANSWER_MARGIN),
                () -> "lookups " + answered.getAsInt() + "/" + expected, out);
        if (finished.isEmpty()) {
            result.cancel(true);
            throw new IllegalStateException("the run of " + expected + " lookups did not end within "
                    + options.timeout().plus(ANSWER_MARGIN));
        }
        return result.join();
    }

    /**
     * A cold client and simulator flooded with hundreds of requests at once may time out; the reactive warm-up
     * therefore starts with fewer in flight. Failures of a warm-up are shown, not fatal: the measured run decides.
     */
    private static int gentleConcurrency(int concurrency) {
        return Math.min(concurrency, 32);
    }

    private void report(String run, LookupTally.Result result) {
        if (!result.complete()) {
            out.accept(String.format(Locale.ROOT, "    %s: %d of %d lookups answered; failures by kind: %s", run,
                    result.answered(), result.requested(), result.failuresByKind()));
        }
    }
}
