package ru.moku.local.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import ru.moku.local.Infrastructure;
import ru.moku.local.LkpClient;
import ru.moku.local.Platform;
import ru.moku.local.Platform.Part;
import ru.moku.local.SmevSimulatorClient;
import ru.moku.local.cluster.Cluster;
import ru.moku.local.cluster.ProcessCluster;

/**
 * The fault-injection suite (issue 11): for each scenario a fresh multi-process platform (its own database and
 * RabbitMQ/Kafka name prefix, so a failure belongs to exactly one scenario), a batch of generated SMEV messages
 * queued evenly over the feed window while the scenario's faults are injected, then the invariants read from the
 * databases, the SMEV simulator and RabbitMQ ({@link Invariants}); the report goes to
 * {@code chaos/results/<date>.md} and the console. Exit code 1 when any invariant fails, 2 on bad options or missing
 * infrastructure.
 *
 * <p>Blocking by design: a command on the main thread (and two helper threads: the feeder and the injector). It
 * restarts the machine's RabbitMQ and PostgreSQL: never run it inside a build.
 */
public final class ChaosSuite {

    private static long lastProgress;

    private ChaosSuite() {
    }

    public static void main(String[] args) throws Exception {
        ChaosOptions options;
        try {
            options = ChaosOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(ChaosOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ChaosOptions.USAGE);
            return;
        }
        System.exit(run(options));
    }

    static int run(ChaosOptions options) throws Exception {
        List<String> problems = Infrastructure.unreachable(options.postgresHost(), options.postgresPort(),
                options.rabbitHost(), 5672);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("✗ " + problem));
            return 2;
        }
        List<ScenarioResult> results = new ArrayList<>();
        Cluster shared = null;
        try {
            if (!options.freshPlatform()) {
                say("One platform for every scenario (--fresh-platform=false): each scenario a new batch on it");
                shared = startFresh(options, "chaos-shared.");
            }
            int number = 0;
            for (Scenario scenario : options.scenarios()) {
                number++;
                say("Scenario %d/%d: %s — %s", number, options.scenarios().size(), scenario.label(),
                        scenario.description());
                ScenarioResult result = shared == null ? runScenario(scenario, options, number)
                        : runOn(shared, scenario, options, number);
                results.add(result);
                say("%s: %s", scenario.label(), result.pass() ? "PASS" : "FAIL");
                result.checks().forEach(check -> System.out.printf(Locale.ROOT,
                        "    %-4s %-50s expected %-8s actual %s%n", check.pass() ? "ok" : "FAIL", check.name(),
                        check.expected(), check.actual()));
                // Written after every scenario, so a long run that is stopped keeps what it found.
                write(options, results);
            }
        } finally {
            if (shared != null) {
                shared.close();
            }
        }
        String report = write(options, results);
        System.out.println();
        System.out.println(report);
        return results.stream().allMatch(ScenarioResult::pass) ? 0 : 1;
    }

    private static String write(ChaosOptions options, List<ScenarioResult> results) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String setting = String.format(Locale.ROOT, "Run %s UTC on %d cores: %d cards per scenario (one per SMEV"
                        + " message, %.0f %% with a wrong ИНН, %.0f %% delivered twice by SMEV, %.0f %% of the survey"
                        + " links answered), queued evenly over %d s (×2 for all-together); %d replicas of each"
                        + " service as OS processes, the simulators and the Kafka broker one process each; SMEV %s. %s"
                        + " Command: `chaos/run.sh %s`.",
                java.time.LocalDateTime.now(ZoneOffset.UTC).withNano(0), Runtime.getRuntime().availableProcessors(),
                options.cards(), options.invalidShare() * 100, Scenario.DUPLICATE_SHARE * 100,
                options.answerShare() * 100, options.feed().toSeconds(), options.replicas(), options.smev(),
                options.freshPlatform() ? "Each scenario on a fresh platform: its own database and RabbitMQ/Kafka name"
                        + " prefix, so every figure belongs to one scenario."
                        : "Every scenario on one platform, each with a batch of its own (the invariants are read for"
                        + " that batch; outbox and dead letters for the whole platform).",
                String.join(" ", options.args()));
        String report = Report.markdown("Fault-injection suite — " + today, setting, results);
        Path file = options.results().resolve(today + ".md");
        Files.createDirectories(options.results());
        Files.writeString(file, report);
        return report;
    }

    private static ScenarioResult runScenario(Scenario scenario, ChaosOptions options, int number) {
        long began = System.nanoTime();
        try (Cluster cluster = startFresh(options, "chaos" + number + "-" + scenario.label() + ".")) {
            return runOn(cluster, scenario, options, number);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return ScenarioResult.failed(scenario.label(), scenario.description(),
                    options.cards(), Duration.ofNanos(System.nanoTime() - began), List.of(),
                    "the platform did not start: " + e);
        }
    }

    /** A fresh database {@code moku_chaos}, the broker's names under {@code prefix} deleted, the cluster started. */
    private static Cluster startFresh(ChaosOptions options, String prefix) {
        String database = "moku_chaos";
        Infrastructure.recreateDatabase(options.postgresHost(), options.postgresPort(), "postgres", database);
        Infrastructure.deleteBrokerNames(options.rabbitHost(), prefix);
        long began = System.nanoTime();
        say("Starting the platform as processes (%d replicas of each service), database %s, names %s*",
                options.replicas(), database, prefix);
        Cluster cluster = startCluster(options, database, prefix);
        say("Platform up in %.0f s (logs in %s)", (System.nanoTime() - began) / 1e9, cluster.logDirectory());
        return cluster;
    }

    private static ScenarioResult runOn(Cluster cluster, Scenario scenario, ChaosOptions options, int number) {
        // Every scenario's batch is --cards; all-together queues it over a longer window so that its faults fall
        // while cards still arrive (it once doubled the cards too: 20,000 at the default took ~37 minutes).
        int cards = options.cards();
        Duration feed = options.feed().multipliedBy(scenario.feedFactor());
        long began = System.nanoTime();
        try {
            return drive(scenario, options, cluster, cards, feed, options.seed() + 100_000_000_000L * number);
        } catch (Exception e) {
            e.printStackTrace();
            return ScenarioResult.failed(scenario.label(), scenario.description(), cards,
                    Duration.ofNanos(System.nanoTime() - began), List.of(), e.toString());
        }
    }

    private static Cluster startCluster(ChaosOptions options, String database, String prefix) {
        ProcessCluster.Settings settings = ProcessCluster.Settings.local(database, prefix)
                .with(options.smevProfile())
                .withPostgres(options.postgresHost(), options.postgresPort())
                .withRabbit(options.rabbitHost())
                .withFreePorts()
                .withRunDirectory(options.runDirectory().toAbsolutePath().resolve(prefix.replace(".", "")))
                .withOverrides(overrides(options));
        return ProcessCluster.start(settings, options.replicas());
    }

    private static java.util.Map<String, String> overrides(ChaosOptions options) {
        java.util.Map<String, String> overrides = new java.util.HashMap<>(java.util.Map.of(
                "spring.main.banner-mode", "off",
                // Idle pull loops look again within 1 s once the feeder queues the next slice.
                "moku.gateway.pull.max-idle-backoff", "1s",
                // The suite's applicants all answer from 127.0.0.1: the per-client limit would stop them.
                "moku.gateway.surveys.rate-limit.requests", "1000000",
                // 14 JVMs on 2 shared cores answer slowly: ЛКО's 5 s would fail hand-offs for load alone, which a
                // fault scenario would then be blamed for. The faults themselves last far longer than 20 s.
                "moku.org-registry.lko.timeout", options.lkoTimeout()));
        if (options.poolMax() > 0) {
            overrides.put("spring.r2dbc.pool.max-size", String.valueOf(options.poolMax()));
            overrides.put("spring.r2dbc.pool.initial-size", "1");
        }
        return overrides;
    }

    private static ScenarioResult drive(Scenario scenario, ChaosOptions options, Cluster cluster, int cards,
                                        Duration feed, long seed) throws Exception {
        String smevUrl = cluster.url(cluster.replicas(Part.SMEV_SIMULATOR).get(0));
        BatchObserver observer = new BatchObserver(cluster.jdbcUrl(), smevUrl, options.rabbitHost(),
                cluster.namePrefix());
        SmevSimulatorClient smev = new SmevSimulatorClient(smevUrl);
        smev.duplicateDeliveries(Scenario.DUPLICATE_SHARE);
        ScenarioRun run = new ScenarioRun(cluster, observer,
                new Infra(options.rabbitHost(), options.rabbitNode(), options.postgresCluster()), cards);
        AtomicReference<Throwable> injectionFailure = new AtomicReference<>();
        Thread feeder = new Thread(() -> feedBatch(run, smev, options, feed, seed), "chaos-feeder");
        feeder.start();
        Thread injector = new Thread(() -> {
            try {
                scenario.inject(run);
            } catch (Throwable e) {
                injectionFailure.set(e);
                run.event("fault injection failed: " + e);
            }
        }, "chaos-injector");
        injector.start();
        long deadline = System.nanoTime() + feed.toNanos() + options.timeout().toNanos();
        long completed = awaitDone(run, observer, deadline, 0, injector, options.stall());
        injector.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        feeder.join(1000);
        if (completed < 0 && injector.isAlive()) {
            run.event("the faults were still being injected at the timeout");
        }
        int answered = 0;
        if (completed > 0) {
            run.event("every card at its end stage");
            answered = answerSurveys(run, cluster, smevUrl, options.answerShare());
            run.event(answered + " survey links answered");
            int expected = answered;
            long surveysDone = awaitDone(run, observer, System.nanoTime() + Duration.ofMinutes(5).toNanos(),
                    expected, injector, options.stall());
            if (surveysDone < 0) {
                run.event("not every answered survey reached SURVEY_COMPLETED within 5 min");
            }
        }
        settle(run, observer);
        Observation observation = observer.observe(run.messageIds(), run.flagged(), answered, run.poisoned());
        List<Check> checks = Invariants.evaluate(observation);
        Duration duration = Duration.ofNanos((completed > 0 ? completed : System.nanoTime()) - run.started());
        Duration faultAt = run.firstFault() < 0 ? null : Duration.ofNanos(run.firstFault() - run.started());
        Duration recovery = null;
        if (completed > 0 && run.lastRestored() > 0) {
            recovery = Duration.ofNanos(Math.max(0, completed - run.lastRestored()));
        }
        String error = injectionFailure.get() == null ? null : "fault injection failed: " + injectionFailure.get();
        return new ScenarioResult(scenario.label(), scenario.description(), cards, duration, faultAt, recovery,
                completed > 0, run.events(), checks, observation.openIncidentsByKind(), error);
    }

    /** Queues the batch in one slice a second, evenly over {@code feed}. */
    private static void feedBatch(ScenarioRun run, SmevSimulatorClient smev, ChaosOptions options, Duration feed,
                                  long seed) {
        int cards = run.cards();
        long seconds = Math.max(1, feed.toSeconds());
        int slice = (int) Math.max(1, Math.ceil(cards / (double) seconds));
        long start = System.nanoTime();
        int queued = 0;
        int sliceNumber = 0;
        while (queued < cards) {
            int count = Math.min(slice, cards - queued);
            try {
                SmevSimulatorClient.Batch batch = smev.generate(count, options.invalidShare(),
                        seed + 100_000L * sliceNumber /* < 10,000 slices: never another scenario's seeds */);
                run.queuedSlice(batch.messageIds(), batch.invalidInnCards());
                queued += count;
                sliceNumber++;
            } catch (RuntimeException e) {
                run.event("queueing a slice failed, trying again: " + e.getMessage());
            }
            long next = start + sliceNumber * 1_000_000_000L;
            long wait = (next - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        run.fedAll();
    }

    /**
     * Waits until the whole batch is queued and every card is at its end stage with {@code surveys} of them
     * SURVEY_COMPLETED; returns the moment (nanoTime) it first was, or -1 at the deadline.
     */
    private static long awaitDone(ScenarioRun run, BatchObserver observer, long deadline, int surveys,
                                  Thread injector, Duration stall) throws InterruptedException {
        String last = "";
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            BatchObserver.Progress progress = observer.progress(run.messageIds());
            if (progress != null) {
                progress(run, progress);
                if (run.fed() && progress.done(run.cards(), run.flagged())
                        && progress.stage("SURVEY_COMPLETED") == surveys) {
                    return System.nanoTime();
                }
                String now = progress.byStage() + "/" + progress.rawProcessed() + "/" + progress.refusedCards();
                if (!now.equals(last)) {
                    last = now;
                    lastChange = System.nanoTime();
                }
            }
            // Nothing moves any more although every fault is over: cards are stuck for good (e.g. waiting for an
            // operator's retry of an incident); waiting out the timeout would tell nothing more.
            if (run.fed() && !injector.isAlive() && System.nanoTime() - lastChange > stall.toNanos()) {
                run.event("stalled: no card moved for " + stall.toSeconds() + " s after the faults were over: "
                        + last);
                return -1;
            }
            Thread.sleep(1000);
        }
        return -1;
    }

    private static void progress(ScenarioRun run, BatchObserver.Progress progress) {
        if (System.nanoTime() - lastProgress < 10_000_000_000L) {
            return;
        }
        lastProgress = System.nanoTime();
        System.out.printf(Locale.ROOT, "  +%.0f s queued %d/%d · cards %d · finished %d · %s        ", run.elapsed(),
                run.queued(), run.cards(), progress.cards(), progress.finished(), progress.byStage());
        System.out.println();
    }

    /** Answers {@code share} of the batch's survey links through the gateway's public API, as ЛКП would. */
    private static int answerSurveys(ScenarioRun run, Cluster cluster, String smevUrl, double share) {
        if (share <= 0) {
            return 0;
        }
        String gateway = cluster.url(cluster.replicas(Part.GATEWAY).get(0));
        LkpClient lkp = new LkpClient(gateway, smevUrl, "http://127.0.0.1:3000");
        java.util.Set<String> ours = new ru.moku.local.PlatformState(cluster.jdbcUrl(), "postgres")
                .applicationNumbers(run.messageIds());
        List<LkpClient.Link> links = lkp.links().stream().filter(link -> ours.contains(link.applicationNumber()))
                .toList();
        int toAnswer = (int) Math.round(links.size() * share);
        int accepted = 0;
        for (LkpClient.Link link : links.subList(0, toAnswer)) {
            LkpClient.Answer answer = lkp.answerEverything(link.token());
            if (answer.status() == 202) {
                accepted++;
            } else {
                run.event("survey of " + link.applicationNumber() + " answered " + answer.status());
            }
        }
        return accepted;
    }

    /** Waits (up to 2 min) until no outbox row is left unpublished, then 5 s more for consumers to finish. */
    private static void settle(ScenarioRun run, BatchObserver observer) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long unpublished;
        while ((unpublished = safeOutbox(observer)) != 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        if (unpublished != 0) {
            run.event(unpublished + " outbox rows still unpublished after 2 min");
        }
        Thread.sleep(5000);
    }

    private static long safeOutbox(BatchObserver observer) {
        try {
            return observer.outboxUnpublished();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    static void say(String format, Object... args) {
        System.out.println("▶ " + String.format(Locale.ROOT, format, args));
    }
}
