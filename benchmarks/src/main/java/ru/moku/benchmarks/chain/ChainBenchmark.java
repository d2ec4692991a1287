package ru.moku.benchmarks.chain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.Set;
import ru.moku.benchmarks.Machine;
import ru.moku.benchmarks.PerfTestReference;
import ru.moku.benchmarks.Poll;
import ru.moku.benchmarks.PushClient;
import ru.moku.benchmarks.PushPayloads;
import ru.moku.benchmarks.SmevEnvelopes;
import ru.moku.benchmarks.ResultsFile;
import ru.moku.local.Infrastructure;
import ru.moku.local.Platform.Part;
import ru.moku.local.SmevProfile;
import ru.moku.local.SmevSimulatorClient;
import ru.moku.local.cluster.ProcessCluster;
import ru.moku.local.cluster.Replica;

/**
 * The whole chain to {@code LINK_SENT} with every service as its own OS process ({@link ProcessCluster}): SMEV
 * simulator → gateway → card-processor → enrichment (Dadata simulator at a fixed latency, the enrichment's rate limit
 * lifted) → org-registry → ЛКО (survey-service, through the ЛКО fault proxy) → card-processor signs the survey link →
 * gateway sends it to SMEV. Two modes ({@code benchmarks/run.sh chain|backlog}):
 * <ul>
 *   <li><b>chain</b>: a warm-up (not counted), an idle baseline of every process, then {@code --cards} queued in the
 *   SMEV simulator at once and the time until every card is at its end stage; cards/s and CPU ms per card per
 *   process;</li>
 *   <li><b>backlog</b> (P4): {@code --cards} queued before any service starts, the services at {@code -Xmx256m}, then
 *   the drain: heap peaks per service, the rate per tenth of the backlog, RabbitMQ queue depths, CPU per card.</li>
 * </ul>
 * Database {@code moku_bench_<mode>}, RabbitMQ/Kafka names {@code bench<mode>.}: the benchmark's own, dropped at the end.
 */
public final class ChainBenchmark {

    private static final String HOST = "127.0.0.1";
    private static final String USER = "postgres";
    private static final long SEED = 20261205L;
    private static final int GENERATE_CHUNK = 10_000;
    static final List<Part> SERVICES = List.of(Part.GATEWAY, Part.CARD_PROCESSOR, Part.ENRICHMENT, Part.ORG_REGISTRY,
            Part.SURVEY_SERVICE);
    private static final int PERF_TEST_SECONDS = 20;
    /** What {@code intake-processes} starts: the intake and what it needs (tokens, SMEV), nothing after it. */
    static final Set<Part> INTAKE_PARTS = EnumSet.of(Part.TOKEN_ISSUER, Part.SMEV_SIMULATOR, Part.CARD_PROCESSOR,
            Part.GATEWAY);
    /** The envelope pushed (its MessageIds replaced per request), as the intake benchmark pushes it. */
    static final String PUSHED_ENVELOPE_NAME = "docs/examples/smev-response.xml";
    private static final Path PUSHED_ENVELOPE = Path.of(PUSHED_ENVELOPE_NAME);
    static final List<Part> SIMULATORS = List.of(Part.SMEV_SIMULATOR, Part.DADATA_SIMULATOR, Part.LKO_PROXY,
            Part.TOKEN_ISSUER);

    private final ChainOptions options;
    private final String database;
    private final String prefix;

    private ChainBenchmark(ChainOptions options) {
        this.options = options;
        this.database = "moku_bench_" + options.mode().nameLabel();
        this.prefix = "bench" + options.mode().nameLabel() + ".";
    }

    public static void main(String[] args) throws Exception {
        ChainOptions.Mode named = args.length > 0 ? ChainOptions.Mode.of(args[0]) : null;
        ChainOptions.Mode mode = named == null ? ChainOptions.Mode.CHAIN : named;
        String[] rest = named != null ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        ChainOptions options;
        try {
            options = ChainOptions.parse(mode, rest);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ChainOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.help()) {
            System.out.println(ChainOptions.USAGE);
            return;
        }
        System.exit(new ChainBenchmark(options).run());
    }

    private int run() throws Exception {
        List<String> problems = Infrastructure.unreachable(HOST, 5432, HOST, 5672);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("✗ " + problem));
            return 2;
        }
        ChainReport.Run report = new ChainReport.Run(options, LocalDateTime.now(), Machine.describe(),
                Machine.loadAverage(), database, prefix);
        say("Machine: %d cores, %s; load average %s", report.machine.cores(), report.machine.memory(),
                report.loadAtStart);
        Infrastructure.recreateDatabase(HOST, 5432, USER, database);
        Infrastructure.deleteBrokerNames(HOST, prefix);
        Path runDirectory = Files.createTempDirectory("moku-bench-" + options.mode().label() + "-");
        try {
            drive(report, runDirectory);
        } catch (Exception e) {
            say("run failed: %s", e);
            e.printStackTrace(System.out);
            report.failure = e.toString();
        } finally {
            say("Dropping database %s and RabbitMQ names %s*", database, prefix);
            try {
                Infrastructure.dropDatabase(HOST, 5432, USER, database);
                Infrastructure.deleteBrokerNames(HOST, prefix);
            } catch (RuntimeException e) {
                say("  clean-up failed: %s", e);
            }
        }
        report.loadAtEnd = Machine.loadAverage();
        String markdown = ChainReport.markdown(report);
        ResultsFile.write(options.output(), options.latest(), markdown);
        System.out.println();
        System.out.println(markdown);
        say("Results written to %s and %s (process logs kept in %s)", options.output(), options.latest(),
                runDirectory.resolve("logs"));
        return report.complete() ? 0 : 1;
    }

    private ProcessCluster.Settings settings(Path runDirectory) {
        Map<String, String> overrides = new LinkedHashMap<>(ProcessCluster.Settings.COLD_START_TIMEOUTS);
        overrides.put("spring.main.banner-mode", "off");
        overrides.put("logging.level.root", "WARN");
        overrides.put("logging.level.ru.moku", "WARN");
        // Idle pull loops look again within 1 s.
        overrides.put("moku.gateway.pull.max-idle-backoff", "1s");
        // SMEV's own schema check of our requests is SMEV's CPU, not ours.
        overrides.put("simulators.smev.validate-requests", "false");
        // Dadata at a fixed latency, its limit lifted on both sides (the simulator's is off unless set).
        overrides.put("simulators.dadata.faults.latency", options.dadataLatency().toMillis() + "ms");
        overrides.put("moku.enrichment.resilience.rate-limit", "1000000");
        // 11 JVMs starting cold on a loaded 2-core machine: the first hand-offs to ЛКО failed, the circuit opened and
        // the cards became LKO_UNAVAILABLE incidents, of which the automatic re-drive took 27 and then no more (seen in
        // the first run: 45 warm-up cards stuck). The benchmark measures the happy path: ЛКО's circuit opens only when
        // every call fails, and the hand-off retries longer.
        overrides.put("moku.org-registry.lko.circuit-breaker.failure-rate-threshold", "100");
        overrides.put("moku.org-registry.lko.circuit-breaker.minimum-calls", "1000");
        overrides.put("moku.org-registry.lko.attempts", "8");
        // PostgreSQL allows 100 connections on a machine shared by several runs: small pools.
        overrides.put("spring.r2dbc.pool.max-size", String.valueOf(options.poolMax()));
        overrides.put("spring.r2dbc.pool.initial-size", "1");
        ProcessCluster.Settings settings = ProcessCluster.Settings.local(database, prefix)
                .with(SmevProfile.real(options.signing()))
                .withFreePorts()
                .withRunDirectory(runDirectory)
                .withStartTimeout(Duration.ofMinutes(8))
                .withOverrides(overrides);
        if (!options.quickJit()) {
            // CPU per card as deployed: the services' hot paths compiled by C2, not C1 alone as the local run has it.
            settings = settings.withJvmOptions(settings.jvmOptions().stream()
                    .filter(option -> !option.startsWith("-XX:TieredStopAtLevel"))
                    .toList());
        }
        if (options.serviceHeap() != null) {
            for (Part service : SERVICES) {
                settings = settings.withPartJvmOptions(service, List.of("-Xmx" + options.serviceHeap()));
            }
        }
        if (options.simulatorHeap() != null) {
            settings = settings.withPartJvmOptions(Part.SMEV_SIMULATOR, List.of("-Xmx" + options.simulatorHeap()));
        }
        return settings;
    }

    private void drive(ChainReport.Run report, Path runDirectory) throws Exception {
        ProcessCluster.Settings settings = settings(runDirectory);
        report.jvmOptions = describeJvmOptions(settings);
        boolean backlog = options.mode() == ChainOptions.Mode.BACKLOG;
        boolean intake = options.mode() == ChainOptions.Mode.INTAKE_PROCESSES;
        say("Starting %s as processes (%d replica(s) per service, run directory %s)%s",
                intake ? "the intake (" + INTAKE_PARTS + ")" : "the platform", options.replicas(),
                runDirectory, backlog ? "; the backlog is queued once the simulators are up" : "");
        long startBegan = System.nanoTime();
        try (ProcessCluster cluster = ProcessCluster.start(settings, options.replicas(),
                intake ? INTAKE_PARTS : EnumSet.allOf(Part.class),
                backlog ? c -> queueBacklog(c, report) : c -> {
                })) {
            report.startSeconds = (System.nanoTime() - startBegan) / 1e9;
            say("Cluster up in %.0f s", report.startSeconds);
            List<Replica> services = new ArrayList<>();
            SERVICES.forEach(part -> services.addAll(cluster.replicas(part)));
            Map<Long, String> known = new LinkedHashMap<>();
            for (Replica replica : cluster.replicas()) {
                cluster.pid(replica).ifPresent(pid -> known.put(pid, replica.name()));
            }
            cluster.kafkaPid().ifPresent(pid -> known.put(pid, ProcessCpu.KAFKA));
            report.order = labelOrder(cluster);
            report.services = services.stream().map(Replica::name).toList();
            report.simulators = new ArrayList<>();
            SIMULATORS.forEach(part -> cluster.replicas(part).forEach(r -> report.simulators.add(r.name())));
            SmevSimulatorClient smev = new SmevSimulatorClient(cluster.url(cluster.first(Part.SMEV_SIMULATOR)));
            try (Counters counters = new Counters(cluster.jdbcUrl(), USER, database, intake);
                 ClusterSampler sampler = new ClusterSampler(cluster, services, HOST, prefix, options.sample())) {
                if (backlog) {
                    drain(report, cluster, counters, sampler, smev, known);
                } else if (intake) {
                    intake(report, cluster, counters, smev, known);
                } else {
                    chain(report, cluster, counters, sampler, smev, known);
                }
                report.heapPeak = new LinkedHashMap<>(sampler.heapPeak);
                report.liveDataPeak = new LinkedHashMap<>(sampler.liveDataPeak);
                report.heapMax = new LinkedHashMap<>(sampler.heapMax);
                report.rssPeak = new LinkedHashMap<>(sampler.rssPeak);
                report.queuePeak = new LinkedHashMap<>(sampler.queuePeak);
                report.queueLast = sampler.lastDepths();
                report.byStage = counters.byStage();
                report.duplicates = counters.duplicates();
                report.outboxUnpublished = counters.outboxUnpublished();
                report.openIncidents = counters.openIncidents();
                report.rawMessages = counters.rawMessages();
                report.connections = counters.connections();
                report.acked = smev.stat("acked");
            }
            for (Replica replica : cluster.replicas()) {
                if (!cluster.alive(replica)) {
                    report.dead.put(replica.name(), cluster.exitStatus(replica).orElse(-1));
                }
            }
        }
        if (intake) {
            // What the broker does alone with the same durability, on the same machine in the same run, the cluster
            // stopped: the in-process intake benchmark's reference, so the two read alike.
            say("RabbitMQ PerfTest alone for %d s (the cluster stopped)", PERF_TEST_SECONDS);
            try {
                report.perfTest = PerfTestReference.run(PERF_TEST_SECONDS, line -> System.out.println("  " + line));
            } catch (java.io.IOException | RuntimeException e) {
                say("  PerfTest failed: %s", e);
            }
        }
    }

    /** The chain: warm-up, idle baseline, then the measured cards. */
    private void chain(ChainReport.Run report, ProcessCluster cluster, Counters counters, ClusterSampler sampler,
                       SmevSimulatorClient smev, Map<Long, String> known) throws Exception {
        int warmup = options.warmup();
        if (warmup > 0) {
            say("Warm-up: %d cards, not counted", warmup);
            generate(smev, warmup, SEED);
            OptionalLong done = awaitFinished(counters, warmup);
            if (done.isEmpty()) {
                report.warmupNote = "the warm-up stalled at " + counters.finished() + " of " + warmup
                        + " cards at their end stage (stages " + counters.byStage() + "); the measured run counts "
                        + "from there";
                say("  %s", report.warmupNote);
            }
            // The tail of the warm-up (relays, Kafka sends, the gateway's answers) is still work of the warm-up.
            Thread.sleep(5_000);
        }
        idleBaseline(report, known, counters, "the platform");
        long finishedBefore = Math.max(0, counters.finished());
        long total = finishedBefore + options.cards();
        say("Measured: %d cards queued in the SMEV simulator at once", options.cards());
        report.loadAtMeasureStart = Machine.loadAverage();
        Counters.DatabaseActivity activityBefore = counters.activity();
        Optional<ProcessCpu.Reading> start = reading(known, counters);
        long began = System.nanoTime();
        generate(smev, options.cards(), SEED + 1);
        report.queuedSeconds = (System.nanoTime() - began) / 1e9;
        OptionalLong done = awaitFinished(counters, total);
        Optional<ProcessCpu.Reading> end = reading(known, counters);
        report.loadAtMeasureEnd = Machine.loadAverage();
        report.measured = ProcessCpu.between(start, end, report.order).orElse(null);
        report.cardsMeasured = Math.max(0, counters.finished() - finishedBefore);
        report.elapsedSeconds = done.isPresent() ? (done.getAsLong() - began) / 1e9 : Double.NaN;
        report.completed = done.isPresent();
        Thread.sleep(1_500);
        Counters.DatabaseActivity activityAfter = counters.activity();
        report.activity = activityBefore == null || activityAfter == null ? null : activityAfter.minus(activityBefore);
    }

    /**
     * Intake only (gateway + card-processor as processes; a card is done when card-processor stored it and the gateway
     * applied its outcome): a warm-up by pull, the idle baseline, then a) {@code --cards} pulled, b) {@code --cards}
     * pushed with {@code --push-concurrency} in flight (the peak), c) {@code --cards} pushed at half b)'s accepted rate,
     * an open loop whose latencies are those of that rate.
     */
    private void intake(ChainReport.Run report, ProcessCluster cluster, Counters counters, SmevSimulatorClient smev,
                        Map<Long, String> known) throws Exception {
        int warmup = options.warmup();
        SmevEnvelopes envelopes = SmevEnvelopes.fromFileOrRendered(PUSHED_ENVELOPE);
        Supplier<byte[]> payloads = PushPayloads.unsigned(envelopes);
        try (PushClient client = new PushClient(cluster.url(cluster.first(Part.GATEWAY)), options.pushConcurrency(),
                cluster.pushCredentials())) {
            if (warmup > 0) {
                say("Warm-up: %d cards pulled and %d pushed, not counted", warmup, warmup);
                generate(smev, warmup, SEED);
                PushClient.Result pushed = answers(client.push(payloads, warmup, options.timeout()), client, warmup);
                if (pushed.accepted() != warmup) {
                    throw new IllegalStateException("warm-up: " + pushed.accepted() + " of " + warmup
                            + " pushes accepted; first failure: " + pushed.firstFailure());
                }
                if (awaitFinished(counters, 2L * warmup).isEmpty()) {
                    report.warmupNote = "the warm-up stalled at " + counters.finished() + " of " + 2 * warmup
                            + " cards done; the measured phases count from there";
                    say("  %s", report.warmupNote);
                }
                Thread.sleep(5_000);
            }
            idleBaseline(report, known, counters, "the intake");
            report.loadAtMeasureStart = Machine.loadAverage();

            ChainReport.Phase pull = new ChainReport.Phase("a) pull", "the gateway's GetResponse/Ack loops against "
                    + "the SMEV simulator, " + options.cards() + " messages queued at once");
            say("a) Pull: %d cards queued in the SMEV simulator at once", options.cards());
            measure(report, pull, counters, known, () -> {
                generate(smev, options.cards(), SEED + 1);
                return null;
            }, options.cards());
            report.phases.add(pull);

            ChainReport.Phase peak = new ChainReport.Phase("b) push, peak", options.cards() + " pushes, "
                    + options.pushConcurrency() + " in flight");
            say("b) Push at the peak: %d pushes, %d in flight", options.cards(), options.pushConcurrency());
            measure(report, peak, counters, known, () -> answers(client.push(payloads, options.cards(), options.timeout()),
                    client, options.cards()), options.cards());
            report.phases.add(peak);

            double half = peak.push == null ? Double.NaN : peak.push.acceptedPerSecond() / 2;
            if (half > 0) {
                ChainReport.Phase halfPeak = new ChainReport.Phase("c) push at half the peak",
                        options.cards() + String.format(Locale.ROOT, " pushes at %.0f/s (half of b), one every "
                                + "%.1f ms whatever the answers; latency from when each was due", half, 1000 / half));
                halfPeak.rate = half;
                say("c) Push at half the peak: %d pushes at %.0f/s", options.cards(), half);
                measure(report, halfPeak, counters, known, () -> answers(client.pushAtRate(payloads, options.cards(), half,
                        options.timeout()), client, options.cards()), options.cards());
                report.phases.add(halfPeak);
            }
            report.loadAtMeasureEnd = Machine.loadAverage();
        }
        ChainReport.Phase last = report.phases.get(report.phases.size() - 1);
        report.measured = last.measured;
        report.cardsMeasured = report.phases.stream().mapToLong(phase -> phase.cardsMeasured).sum();
        report.completed = report.phases.size() == 3 && report.phases.stream().allMatch(phase -> phase.completed);
    }

    /** One intake phase: CPU of every process from {@code load} until {@code count} more cards are done. */
    private void measure(ChainReport.Run report, ChainReport.Phase phase, Counters counters, Map<Long, String> known,
                         Supplier<PushClient.Result> load, int count) throws Exception {
        long before = Math.max(0, counters.finished());
        phase.loadAtStart = Machine.loadAverage();
        Counters.DatabaseActivity activityBefore = counters.activity();
        Optional<ProcessCpu.Reading> start = reading(known, counters);
        long began = System.nanoTime();
        phase.push = load.get();
        long expected = phase.push == null ? count : phase.push.accepted();
        OptionalLong done = awaitFinished(counters, before + expected);
        phase.measured = ProcessCpu.between(start, reading(known, counters), report.order).orElse(null);
        phase.loadAtEnd = Machine.loadAverage();
        phase.cardsMeasured = Math.max(0, counters.finished() - before);
        phase.elapsedSeconds = done.isPresent() ? (done.getAsLong() - began) / 1e9 : Double.NaN;
        phase.completed = done.isPresent() && expected == count;
        // The backends publish their counts within about a second of their last transaction.
        Thread.sleep(1_500);
        Counters.DatabaseActivity activityAfter = counters.activity();
        phase.database = activityBefore == null || activityAfter == null ? null : activityAfter.minus(activityBefore);
        say("  %d cards in %.1f s%s", phase.cardsMeasured, phase.elapsedSeconds, phase.push == null ? ""
                : String.format(Locale.ROOT, "; %d of %d pushes accepted, %.0f/s, p50 %.1f ms, p99 %.1f ms",
                        phase.push.accepted(), count, phase.push.acceptedPerSecond(), phase.push.latencyMillis(50),
                        phase.push.latencyMillis(99)));
    }

    /** Waits for a push run's answers (it stops sending at {@code --timeout} by itself). */
    private PushClient.Result answers(reactor.core.publisher.Mono<PushClient.Result> run, PushClient client,
                                      int count) {
        CompletableFuture<PushClient.Result> result = run.toFuture();
        try {
            OptionalLong finished = Poll.until(result::isDone, options.timeout().plusSeconds(60),
                    () -> "answers " + client.answered() + "/" + count, System.out::println);
            if (finished.isEmpty()) {
                result.cancel(true);
                throw new IllegalStateException("the push run of " + count + " requests did not finish in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return result.join();
    }

    /** Reads every process's CPU for {@code --idle-seconds} with nothing queued: what {@code what} burns warm and idle. */
    private void idleBaseline(ChainReport.Run report, Map<Long, String> known, Counters counters, String what)
            throws InterruptedException {
        say("Idle baseline: %d s, %s warm, nothing queued", options.idle().toSeconds(), what);
        Optional<ProcessCpu.Reading> idleStart = reading(known, counters);
        Thread.sleep(options.idle().toMillis());
        report.idle = ProcessCpu.between(idleStart, reading(known, counters), report.order).orElse(null);
    }

    /** Queues the backlog while only the simulators run (the hook of {@link ProcessCluster#start}). */
    private void queueBacklog(ProcessCluster cluster, ChainReport.Run report) {
        Replica simulator = cluster.first(Part.SMEV_SIMULATOR);
        SmevSimulatorClient smev = new SmevSimulatorClient(cluster.url(simulator));
        long pid = cluster.pid(simulator).orElse(-1);
        report.simulatorHeapBefore = Jcmd.liveHeapMib(pid);
        say("Queueing %d cards in the SMEV simulator (live heap %.1f MiB before)", options.cards(),
                report.simulatorHeapBefore);
        long began = System.nanoTime();
        generate(smev, options.cards(), SEED);
        report.queuedSeconds = (System.nanoTime() - began) / 1e9;
        report.simulatorHeapAfter = Jcmd.liveHeapMib(pid);
        report.simulatorRssAfter = ClusterSampler.rss(pid).orElse(Double.NaN);
        say("  queued in %.0f s; the simulator's live heap %.1f MiB (%.0f bytes per queued message), RSS %.0f MiB",
                report.queuedSeconds, report.simulatorHeapAfter,
                (report.simulatorHeapAfter - report.simulatorHeapBefore) * 1024 * 1024 / options.cards(),
                report.simulatorRssAfter);
    }

    /** P4: the drain of the queued backlog, from the moment every service is up. */
    private void drain(ChainReport.Run report, ProcessCluster cluster, Counters counters, ClusterSampler sampler,
                       SmevSimulatorClient smev, Map<Long, String> known) throws Exception {
        int total = options.cards();
        report.loadAtMeasureStart = Machine.loadAverage();
        Optional<ProcessCpu.Reading> start = reading(known, counters);
        long began = System.nanoTime();
        long atStart = Math.max(0, counters.finished());
        say("Draining %d cards (%d already at their end stage as the last service came up)", total, atStart);
        sampler.startWindow();
        int tenth = Math.max(1, total / 10);
        long previousTime = began;
        long previousAcked = 0;
        long deadline = began + options.timeout().toNanos();
        long nextProgress = began;
        int reached = 0;
        long lastFinished = -1;
        long lastProgress = began;
        while (reached < 10) {
            long finished = counters.finished();
            long now = System.nanoTime();
            while (reached < 10 && finished >= (long) tenth * (reached + 1)) {
                reached++;
                long acked = smev.stat("acked");
                ClusterSampler.Window window = sampler.startWindow();
                report.tenths.add(new ChainReport.Tenth(reached, (now - began) / 1e9,
                        tenth / Math.max(1e-9, (now - previousTime) / 1e9), acked - previousAcked,
                        window.queuePeak(), window.heapPeakMib(), window.liveDataPeakMib()));
                say("  %d0 %% at %.0f s: %.1f cards/s in this tenth", reached, (now - began) / 1e9,
                        tenth / Math.max(1e-9, (now - previousTime) / 1e9));
                previousTime = now;
                previousAcked = acked;
            }
            if (reached >= 10) {
                break;
            }
            for (Replica replica : cluster.replicas()) {
                if (!cluster.alive(replica)) {
                    throw new IllegalStateException(replica.name() + " died during the drain (exit "
                            + cluster.exitStatus(replica).orElse(-1) + "); its log: " + cluster.logFile(replica));
                }
            }
            if (now - deadline >= 0) {
                say("  gave up after %d s: %s", options.timeout().toSeconds(), progress(counters, total));
                break;
            }
            if (finished != lastFinished) {
                lastFinished = finished;
                lastProgress = now;
            } else if (now - lastProgress > STALL.toNanos()) {
                say("  no card reached its end stage for %d s: giving up at %s (stages %s)", STALL.toSeconds(),
                        progress(counters, total), counters.byStage());
                break;
            }
            if (now - nextProgress >= 0) {
                say("  %6.0f s  %s · acked %d", (now - began) / 1e9, progress(counters, total), smev.stat("acked"));
                nextProgress = now + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(options.sample().toMillis());
        }
        Optional<ProcessCpu.Reading> end = reading(known, counters);
        report.loadAtMeasureEnd = Machine.loadAverage();
        report.measured = ProcessCpu.between(start, end, report.order).orElse(null);
        report.cardsMeasured = Math.max(0, counters.finished() - atStart);
        report.elapsedSeconds = (System.nanoTime() - began) / 1e9;
        report.completed = reached >= 10;
        report.simulatorHeapEnd = Jcmd.liveHeapMib(cluster.pid(cluster.first(Part.SMEV_SIMULATOR)).orElse(-1));
    }

    /** How long no card may reach its end stage before a wait gives up (stuck cards: incidents). */
    private static final Duration STALL = Duration.ofSeconds(150);

    /**
     * Waits until {@code target} cards are at their end stage; gives up after {@code --timeout} or when none arrived
     * for {@link #STALL}. Returns when it was reached (nanoTime), empty if not.
     */
    private OptionalLong awaitFinished(Counters counters, long target) throws InterruptedException {
        long[] last = {-1, System.nanoTime()};
        OptionalLong done = Poll.until(() -> {
            long finished = counters.finished();
            if (finished != last[0]) {
                last[0] = finished;
                last[1] = System.nanoTime();
            }
            return finished >= target || System.nanoTime() - last[1] > STALL.toNanos();
        }, options.timeout(), () -> progress(counters, target), System.out::println);
        if (done.isPresent() && counters.finished() < target) {
            say("  no card reached its end stage for %d s: giving up at %s (stages %s)", STALL.toSeconds(),
                    progress(counters, target), counters.byStage());
            return OptionalLong.empty();
        }
        return done;
    }

    private Optional<ProcessCpu.Reading> reading(Map<Long, String> known, Counters counters) {
        Set<Long> backends = counters.runBackends();
        return ProcessCpu.read(known, backends, counters.backendPid());
    }

    private static String progress(Counters counters, long total) {
        return "cards at their end stage " + counters.finished() + "/" + total + " · raw messages "
                + counters.rawMessages();
    }

    private static void generate(SmevSimulatorClient smev, int count, long seed) {
        for (int done = 0; done < count; done += GENERATE_CHUNK) {
            int chunk = Math.min(GENERATE_CHUNK, count - done);
            smev.generate(chunk, 0.0, seed * 1_000_003L + done);
            if (count > GENERATE_CHUNK && (done / GENERATE_CHUNK) % 10 == 9) {
                say("    queued %d/%d", done + chunk, count);
            }
        }
    }

    /** Labels in the report's order: services, simulators, Kafka, RabbitMQ, PostgreSQL, the driver, the rest. */
    private static List<String> labelOrder(ProcessCluster cluster) {
        List<String> order = new ArrayList<>();
        SERVICES.forEach(part -> cluster.replicas(part).forEach(r -> order.add(r.name())));
        SIMULATORS.forEach(part -> cluster.replicas(part).forEach(r -> order.add(r.name())));
        order.addAll(List.of(ProcessCpu.KAFKA, ProcessCpu.RABBITMQ, ProcessCpu.POSTGRES_RUN,
                ProcessCpu.POSTGRES_OTHER, ProcessCpu.POSTGRES_COUNTING, ProcessCpu.DRIVER, ProcessCpu.OTHERS));
        return order;
    }

    private static String describeJvmOptions(ProcessCluster.Settings settings) {
        StringBuilder text = new StringBuilder(String.join(" ", settings.jvmOptions()));
        settings.partJvmOptions().forEach((part, options) -> text.append("; ").append(part).append(": ")
                .append(String.join(" ", options)));
        return text.toString();
    }

    static void say(String format, Object... args) {
        System.out.println("▶ " + String.format(Locale.ROOT, format, args));
    }

    /** The live heap of another JVM on this machine: {@code jcmd <pid> GC.run}, then {@code GC.heap_info}. */
    static final class Jcmd {

        private Jcmd() {
        }

        static double liveHeapMib(long pid) {
            if (pid < 0) {
                return Double.NaN;
            }
            try {
                run(pid, "GC.run");
                String info = run(pid, "GC.heap_info");
                double kib = 0;
                java.util.regex.Matcher matcher = java.util.regex.Pattern
                        .compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K").matcher(info);
                while (matcher.find()) {
                    kib += Long.parseLong(matcher.group(1));
                }
                return kib / 1024.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }

        private static String run(long pid, String command) throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        }
    }
}
