package ru.moku.benchmarks.chain;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ru.moku.benchmarks.Machine;

/** The Markdown results of {@link ChainBenchmark}, both modes. */
final class ChainReport {

    /** Issue 12's budget: CPU ms per card on this 2-core machine, all processes counted. */
    static final double BUDGET_CHAIN_MS = 10.0;
    static final double BUDGET_INTAKE_MS = 4.0;

    /** An idle share above this part of the measured CPU means the baseline caught work, not idleness. */
    static final double IDLE_SUSPECT = 0.3;
    static final String NOT_IDLE = "the warm-up's tail (SMEV statuses, relays) or the JIT compiling after it still "
            + "ran while it was read; read the figures without it";

    private ChainReport() {
    }

    /** One tenth of the backlog drained. */
    record Tenth(int tenth, double atSeconds, double cardsPerSecond, long acked, long queuePeak, double heapPeakMib,
                 double liveDataPeakMib) {
    }

    /** One phase of {@code intake-processes}: what was measured and, for a push, its answers. */
    static final class Phase {
        final String name;
        final String description;
        String loadAtStart = "unknown";
        String loadAtEnd = "unknown";
        ProcessCpu.Interval measured;
        long cardsMeasured;
        double elapsedSeconds = Double.NaN;
        boolean completed;
        /** The push run's answers; null for the pull phase. */
        ru.moku.benchmarks.PushClient.Result push;
        /** The run database's commits and rows written during the phase (until its cards were done); null if unread. */
        Counters.DatabaseActivity database;
        /** The paced rate (pushes/s); NaN for a closed loop. */
        double rate = Double.NaN;

        Phase(String name, String description) {
            this.name = name;
            this.description = description;
        }
    }

    /** What a run found; filled in as it goes. */
    static final class Run {
        final ChainOptions options;
        final LocalDateTime started;
        final Machine machine;
        final String loadAtStart;
        final String database;
        final String prefix;
        String loadAtEnd = "unknown";
        String loadAtMeasureStart = "unknown";
        String loadAtMeasureEnd = "unknown";
        String jvmOptions = "";
        String failure;
        String warmupNote;
        double startSeconds = Double.NaN;
        double queuedSeconds = Double.NaN;
        double elapsedSeconds = Double.NaN;
        long cardsMeasured;
        boolean completed;
        List<String> order = List.of();
        List<String> services = List.of();
        List<String> simulators = List.of();
        ProcessCpu.Interval idle;
        ProcessCpu.Interval measured;
        double simulatorHeapBefore = Double.NaN;
        double simulatorHeapAfter = Double.NaN;
        double simulatorHeapEnd = Double.NaN;
        double simulatorRssAfter = Double.NaN;
        final List<Tenth> tenths = new ArrayList<>();
        final List<Phase> phases = new ArrayList<>();
        /** intake-processes: RabbitMQ PerfTest alone after the phases; null if it did not run. */
        ru.moku.benchmarks.PerfTestReference.Figures perfTest;
        /** The run database's commits and rows written during the measured run (chain); null if unread. */
        Counters.DatabaseActivity activity;
        Map<String, Double> heapPeak = Map.of();
        Map<String, Double> liveDataPeak = Map.of();
        Map<String, Double> heapMax = Map.of();
        Map<String, Double> rssPeak = Map.of();
        Map<String, Long> queuePeak = Map.of();
        Map<String, Long> queueLast = Map.of();
        Map<String, Long> byStage = Map.of();
        long duplicates = -1;
        long outboxUnpublished = -1;
        long openIncidents = -1;
        long rawMessages = -1;
        long acked = -1;
        int connections = -1;
        final Map<String, Integer> dead = new LinkedHashMap<>();

        Run(ChainOptions options, LocalDateTime started, Machine machine, String loadAtStart, String database,
            String prefix) {
            this.options = options;
            this.started = started;
            this.machine = machine;
            this.loadAtStart = loadAtStart;
            this.database = database;
            this.prefix = prefix;
        }

        boolean complete() {
            return failure == null && completed && dead.isEmpty() && measured != null;
        }
    }

    static String markdown(Run run) {
        if (run.options.mode() == ChainOptions.Mode.INTAKE_PROCESSES) {
            return intakeMarkdown(run);
        }
        StringBuilder md = new StringBuilder();
        ChainOptions options = run.options;
        boolean backlog = options.mode() == ChainOptions.Mode.BACKLOG;
        md.append(backlog ? "# P4 backlog benchmark — " : "# Whole-chain benchmark (to LINK_SENT) — ")
                .append(run.started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append("\n\n");
        md.append(backlog ? """
                A backlog of cards queued in the SMEV simulator before any service starts, then drained by the whole
                platform — every service its own OS process (`ProcessCluster`) with a small heap — to `LINK_SENT`.
                Issue 12's P4: no OOM, a steady rate, no queue growing in memory.
                """ : """
                Every card from the SMEV simulator to `LINK_SENT` (gateway → card-processor → enrichment with Dadata →
                org-registry → ЛКО → survey link signed → sent to SMEV), every service its own OS process
                (`ProcessCluster`). CPU per card per process, against issue 12's budget: ≤ 10 ms for the whole chain,
                ≤ 4 ms intake → card stored.
                """).append("Run: `benchmarks/run.sh ").append(options.mode().label()).append(' ')
                .append(String.format(Locale.ROOT, "--cards=%d%s --replicas=%d --signing=%s --dadata-latency=%dms"
                                + " --pool-max=%d", options.cards(),
                        backlog ? "" : " --warmup=" + options.warmup(), options.replicas(),
                        options.signing() ? "on" : "off", options.dadataLatency().toMillis(), options.poolMax()))
                .append("`; see `benchmarks/README.md`.\n\n");
        md.append("Load average (1 / 5 / 15 min): at the start ").append(run.loadAtStart)
                .append("; measured run from ").append(run.loadAtMeasureStart).append(" to ")
                .append(run.loadAtMeasureEnd).append("; at the end ").append(run.loadAtEnd).append(". ")
                .append(sharing(run, run.measured)).append("\n\n");
        if (run.failure != null) {
            md.append("**The run failed:** ").append(run.failure).append("\n\n");
        }
        if (run.warmupNote != null) {
            md.append("**Warm-up:** ").append(run.warmupNote).append("\n\n");
        }
        if (!run.dead.isEmpty()) {
            md.append("**Processes that died:** ").append(run.dead).append(" (exit 3 = OutOfMemoryError with "
                    + "-XX:+ExitOnOutOfMemoryError; 137 = killed)\n\n");
        }
        summary(md, run);
        perProcess(md, run);
        if (backlog) {
            backlogSections(md, run);
        } else {
            heaps(md, run);
        }
        endState(md, run);
        settings(md, run);
        return md.toString();
    }

    private static void summary(StringBuilder md, Run run) {
        md.append("## Summary\n\n| | |\n|---|---:|\n");
        row(md, "cards measured (at their end stage)", run.cardsMeasured + " of " + run.options.cards()
                + (run.completed ? "" : " — **not all: timed out or failed**"));
        row(md, run.options.mode() == ChainOptions.Mode.BACKLOG
                ? "drain time, from every service up to the last card at its end stage (s)"
                : "time from queueing the cards to the last at its end stage (s)", fmt(run.elapsedSeconds, 1));
        row(md, "**cards/s end to end**", "**" + fmt(run.cardsMeasured / run.elapsedSeconds, 1) + "**");
        row(md, "cluster start-up (s)", fmt(run.startSeconds, 0));
        row(md, "queueing the cards in the SMEV simulator (s)", fmt(run.queuedSeconds, 1));
        ProcessCpu.Interval cpu = run.measured;
        if (cpu == null) {
            md.append("\n");
            return;
        }
        long cards = Math.max(1, run.cardsMeasured);
        double services = sum(cpu, run.services, cards);
        double postgres = cpu.millisPerCard(ProcessCpu.POSTGRES_RUN, cards);
        double postgresOther = cpu.millisPerCard(ProcessCpu.POSTGRES_OTHER, cards);
        double rabbit = cpu.millisPerCard(ProcessCpu.RABBITMQ, cards);
        double kafka = cpu.millisPerCard(ProcessCpu.KAFKA, cards);
        double platform = services + postgres + rabbit + kafka;
        row(md, "ms CPU per card: our services (JVMs, all replicas)", fmt(services, 2));
        row(md, "ms CPU per card: PostgreSQL, this run's backends", fmt(postgres, 2));
        row(md, "ms CPU per card: RabbitMQ (beam.smp; shared server)", fmt(rabbit, 2));
        row(md, "ms CPU per card: Kafka broker", fmt(kafka, 2));
        row(md, "**ms CPU per card: the platform (services + PostgreSQL backends + RabbitMQ + Kafka)** — budget ≤ "
                + fmt(BUDGET_CHAIN_MS, 0), "**" + fmt(platform, 2) + "**");
        if (run.idle != null) {
            double idle = idleShare(run, run.services) + idleShare(run, List.of(ProcessCpu.POSTGRES_RUN,
                    ProcessCpu.RABBITMQ, ProcessCpu.KAFKA));
            row(md, "… of it the idle baseline (what the same processes burn per second with nothing to do, × the "
                    + "measured interval, ÷ cards)", fmt(idle, 2));
            row(md, "ms CPU per card: the platform less its idle baseline", fmt(platform - idle, 2)
                    + (idle > IDLE_SUSPECT * platform ? " — **the idle baseline was not idle**: " + NOT_IDLE : ""));
        }
        double intake = sum(cpu, run.services.stream().filter(name -> name.startsWith("gateway-")
                || name.startsWith("card-processor-")).toList(), cards);
        row(md, "ms CPU per card: gateway + card-processor JVMs only (their whole work on the chain, survey link "
                + "included; intake budget ≤ " + fmt(BUDGET_INTAKE_MS, 0) + " counts PostgreSQL and RabbitMQ too)",
                fmt(intake, 2));
        row(md, "ms CPU per card: PostgreSQL, other postgres processes (server's own; other databases' backends)",
                fmt(postgresOther, 2));
        row(md, "ms CPU per card: simulators (SMEV incl. generating the messages, Dadata, ЛКО proxy, token issuer)",
                fmt(sum(cpu, run.simulators, cards), 2));
        row(md, "ms CPU per card: the benchmark driver and its counting connection",
                fmt(cpu.millisPerCard(ProcessCpu.DRIVER, cards)
                        + cpu.millisPerCard(ProcessCpu.POSTGRES_COUNTING, cards), 2));
        row(md, "ms CPU per card: other processes (not this run)", fmt(cpu.millisPerCard(ProcessCpu.OTHERS, cards), 2));
        row(md, "cores busy on average: whole machine · other processes", fmt(cpu.machineCores(), 2) + " · "
                + fmt(cpu.cores(ProcessCpu.OTHERS), 2));
        if (run.activity != null) {
            row(md, "PostgreSQL per card (`pg_stat_database`): transactions committed · rows inserted / updated / "
                    + "deleted", databasePerCard(run.activity, run.cardsMeasured));
        }
        md.append("\n");
    }

    /** Whether the machine was shared: the run's own processes make the load average high even on a quiet one. */
    private static String sharing(Run run, ProcessCpu.Interval cpu) {
        String cores = "The machine has " + run.machine.cores() + " cores; ";
        if (cpu == null) {
            return cores + "how busy other processes kept it is unknown.";
        }
        double others = cpu.cores(ProcessCpu.OTHERS);
        return others <= 0.15
                ? cores + "processes not of this run kept " + fmt(others, 2) + " cores busy on average: the machine "
                + "was otherwise quiet (the load average is the run's own processes)."
                : cores + "processes not of this run kept " + fmt(others, 2) + " cores busy on average: it was shared "
                + "with other work, so the rates are low; the CPU per card of our processes survives that better "
                + "(contention still inflates it somewhat).";
    }

    private static void perProcess(StringBuilder md, Run run) {
        perProcess(md, "## CPU per card, per process", run.measured, run.cardsMeasured, run.idle, run.order,
                "after the warm-up had reached its end stage and 5 s more (the platform warm, nothing queued, the "
                        + "gateway's pull loops backing off)");
    }

    private static void perProcess(StringBuilder md, String heading, ProcessCpu.Interval cpu, long cardsMeasured,
                                   ProcessCpu.Interval idle, List<String> order, String idleWhen) {
        if (cpu == null) {
            return;
        }
        long cards = Math.max(1, cardsMeasured);
        md.append(heading).append("\n\n");
        md.append("ms CPU per card = the process's CPU time (utime + stime of all its threads, `/proc/<pid>/stat`) over "
                + "the measured interval (").append(fmt(cpu.seconds(), 1)).append(" s) ÷ ").append(cards)
                .append(" cards.");
        if (idle != null) {
            md.append(" Idle baseline: read over ").append(fmt(idle.seconds(), 0)).append(" s **before** the "
                    + "measured run, ").append(idleWhen).append("; \"idle share\" = its cores × the measured "
                    + "interval ÷ cards.");
        }
        md.append("\n\n| process | ms CPU per card | cores busy (measured) | idle baseline: cores | idle share: ms per card"
                + " | ms per card less idle |\n|---|---:|---:|---:|---:|---:|\n");
        for (String label : order) {
            double perCard = cpu.millisPerCard(label, cards);
            md.append("| ").append(label).append(" | ").append(fmt(perCard, 2)).append(" | ")
                    .append(fmt(cpu.cores(label), 2)).append(" | ");
            if (idle != null && !label.equals(ProcessCpu.OTHERS)) {
                double share = idle.cores(label) * cpu.seconds() * 1000.0 / cards;
                md.append(fmt(idle.cores(label), 3)).append(" | ").append(fmt(share, 2)).append(" | ")
                        .append(fmt(perCard - share, 2));
            } else {
                md.append("— | — | —");
            }
            md.append(" |\n");
        }
        md.append("\n");
    }

    private static void heaps(StringBuilder md, Run run) {
        md.append("## Memory\n\n| process | heap used, sampled peak (MiB) | live data after major GC, peak (MiB) | max heap"
                + " (MiB) | RSS peak (MiB) |\n|---|---:|---:|---:|---:|\n");
        List<String> names = new ArrayList<>(run.services);
        names.addAll(run.simulators);
        for (String name : names) {
            md.append("| ").append(name).append(" | ").append(fmtOrDash(run.heapPeak.get(name)))
                    .append(" | ").append(fmtOrDash(run.liveDataPeak.get(name))).append(" | ")
                    .append(fmtOrDash(run.heapMax.get(name))).append(" | ").append(fmtOrDash(run.rssPeak.get(name)))
                    .append(" |\n");
        }
        md.append("\nHeaps are read from each service's `/actuator/prometheus` (management port) every ")
                .append(run.options.sample().toSeconds()).append(" s: `jvm_memory_used_bytes{area=\"heap\"}` summed, "
                        + "`jvm_gc_live_data_size_bytes`; simulators expose no Prometheus endpoint (RSS only).\n\n");
    }

    private static void backlogSections(StringBuilder md, Run run) {
        int cards = run.options.cards();
        md.append("## The SMEV simulator holding the backlog\n\n| | |\n|---|---:|\n");
        row(md, "live heap before queueing (MiB, `jcmd GC.run` + `GC.heap_info`)", fmt(run.simulatorHeapBefore, 1));
        row(md, "live heap with " + cards + " messages queued (MiB)", fmt(run.simulatorHeapAfter, 1));
        double perMessage = (run.simulatorHeapAfter - run.simulatorHeapBefore) * 1024 * 1024 / cards;
        row(md, "bytes of heap per queued message", fmt(perMessage, 0));
        row(md, "→ heap 1,000,000 queued messages would need (MiB, + the base)",
                fmt(perMessage * 1_000_000 / 1024 / 1024 + run.simulatorHeapBefore, 0));
        row(md, "RSS with the backlog queued (MiB)", fmt(run.simulatorRssAfter, 0));
        row(md, "live heap after the drain (MiB; acknowledged ids are kept)", fmt(run.simulatorHeapEnd, 1));
        row(md, "its -Xmx in this run", run.options.simulatorHeap() == null ? "default" : run.options.simulatorHeap());
        md.append("\n## Rate per tenth of the backlog\n\n");
        md.append("Each row: the moment the cards at their end stage reached the next tenth, the rate over that tenth, "
                + "messages the gateway acknowledged to SMEV in it, and the peaks sampled within it: summed RabbitMQ "
                + "work-queue depth (ready messages), the largest used heap and live data after GC of any service.\n\n");
        md.append("| tenth | at (s) | cards/s | acked to SMEV | work queues, peak depth | heap used peak (MiB) |"
                + " live data peak (MiB) |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Tenth tenth : run.tenths) {
            md.append("| ").append(tenth.tenth() * 10).append(" % | ").append(fmt(tenth.atSeconds(), 0)).append(" | ")
                    .append(fmt(tenth.cardsPerSecond(), 1)).append(" | ").append(tenth.acked()).append(" | ")
                    .append(tenth.queuePeak()).append(" | ").append(fmt(tenth.heapPeakMib(), 0)).append(" | ")
                    .append(fmt(tenth.liveDataPeakMib(), 0)).append(" |\n");
        }
        if (run.tenths.size() < 10) {
            md.append("\n(").append(run.tenths.size()).append(" of 10 tenths reached.)\n");
        }
        md.append("\n");
        heaps(md, run);
        md.append("## RabbitMQ queue depths\n\n| queue | peak | at the end |\n|---|---:|---:|\n");
        run.queuePeak.forEach((queue, peak) -> md.append("| ").append(queue).append(" | ").append(peak).append(" | ")
                .append(run.queueLast.getOrDefault(queue, -1L)).append(" |\n"));
        md.append("\n");
    }

    private static String intakeMarkdown(Run run) {
        ChainOptions options = run.options;
        StringBuilder md = new StringBuilder();
        md.append("# Intake benchmark, every part its own process — ")
                .append(run.started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))).append("\n\n");
        md.append("""
                The intake alone, as deployed: the SMEV simulator, the token issuer, card-processor and the gateway, each
                its own OS process (`ProcessCluster`), and the Kafka broker; enrichment, org-registry and survey-service
                do not run, so nothing after the intake shares the cores measured. A card is done when card-processor has
                stored it and the gateway has applied its outcome (the integration instance settled). CPU per card per
                process against issue 12's intake budget: ≤ 4 ms, all processes counted (gateway, card-processor,
                PostgreSQL, RabbitMQ, Kafka).
                """).append("Run: `benchmarks/run.sh intake-processes ")
                .append(String.format(Locale.ROOT, "--cards=%d --warmup=%d --push-concurrency=%d --signing=%s --jit=%s",
                        options.cards(), options.warmup(), options.pushConcurrency(), options.signing() ? "on" : "off",
                        options.quickJit() ? "quick" : "full"))
                .append("`; see `benchmarks/README.md`.\n\n");
        md.append("Load average (1 / 5 / 15 min): at the start ").append(run.loadAtStart).append("; at the end ")
                .append(run.loadAtEnd).append(". ").append(sharing(run, run.measured)).append("\n\n");
        if (run.failure != null) {
            md.append("**The run failed:** ").append(run.failure).append("\n\n");
        }
        if (run.warmupNote != null) {
            md.append("**Warm-up:** ").append(run.warmupNote).append("\n\n");
        }
        if (!run.dead.isEmpty()) {
            md.append("**Processes that died:** ").append(run.dead).append("\n\n");
        }
        md.append("## Summary\n\nPhases, one after the other on the same warm processes (warm-up: ")
                .append(options.warmup()).append(" cards pulled and as many pushed, not counted):\n\n");
        for (Phase phase : run.phases) {
            md.append("- **").append(phase.name).append("**: ").append(phase.description).append(" (load average ")
                    .append(phase.loadAtStart).append(" → ").append(phase.loadAtEnd).append(")\n");
        }
        md.append("\n| |");
        run.phases.forEach(phase -> md.append(" ").append(phase.name).append(" |"));
        md.append("\n|---|");
        run.phases.forEach(phase -> md.append("---:|"));
        md.append("\n");
        phaseRow(md, run, "cards done (stored, outcome back at the gateway)", phase -> phase.cardsMeasured
                + (phase.completed ? "" : " — **not all**"));
        phaseRow(md, run, "time until the last was done (s)", phase -> fmt(phase.elapsedSeconds, 1));
        phaseRow(md, run, "**cards/s**", phase -> "**" + fmt(phase.cardsMeasured / phase.elapsedSeconds, 1) + "**");
        java.util.OptionalDouble reference = run.perfTest == null || !run.perfTest.complete()
                ? java.util.OptionalDouble.empty() : run.perfTest.reference();
        phaseRow(md, run, "… ÷ RabbitMQ PerfTest alone in this run" + (reference.isPresent()
                        ? " (" + fmt(reference.getAsDouble(), 0) + " msg/s: 1 producer, 1 consumer, persistent, "
                        + "confirms, 1 KB)" : " (did not run)"),
                phase -> reference.isPresent() ? fmt(phase.cardsMeasured / phase.elapsedSeconds
                        / reference.getAsDouble(), 3) : "—");
        phaseRow(md, run, "pushes accepted (202) / sent", phase -> phase.push == null ? "—"
                : phase.push.accepted() + " / " + phase.push.requested());
        phaseRow(md, run, "pushes accepted per second", phase -> phase.push == null ? "—"
                : fmt(phase.push.acceptedPerSecond(), 1));
        phaseRow(md, run, "push latency p50 · p99 (ms)", phase -> phase.push == null ? "—"
                : fmt(phase.push.latencyMillis(50), 1) + " · " + fmt(phase.push.latencyMillis(99), 1));
        List<String> gateway = run.services.stream().filter(name -> name.startsWith("gateway-")).toList();
        List<String> cardProcessor = run.services.stream().filter(name -> name.startsWith("card-processor-")).toList();
        phaseRow(md, run, "ms CPU per card: gateway", phase -> perCard(phase, gateway));
        phaseRow(md, run, "ms CPU per card: card-processor", phase -> perCard(phase, cardProcessor));
        phaseRow(md, run, "ms CPU per card: PostgreSQL, this run's backends",
                phase -> perCard(phase, List.of(ProcessCpu.POSTGRES_RUN)));
        phaseRow(md, run, "ms CPU per card: RabbitMQ (beam.smp)", phase -> perCard(phase, List.of(ProcessCpu.RABBITMQ)));
        phaseRow(md, run, "ms CPU per card: Kafka broker", phase -> perCard(phase, List.of(ProcessCpu.KAFKA)));
        List<String> intake = new ArrayList<>(run.services);
        intake.addAll(List.of(ProcessCpu.POSTGRES_RUN, ProcessCpu.RABBITMQ, ProcessCpu.KAFKA));
        phaseRow(md, run, "**ms CPU per card: the intake (those five)** — budget ≤ " + fmt(BUDGET_INTAKE_MS, 0),
                phase -> "**" + perCard(phase, intake) + "**");
        if (run.idle != null) {
            phaseRow(md, run, "… less the idle baseline of those five", phase -> {
                if (phase.measured == null) {
                    return "—";
                }
                double idle = 0;
                for (String label : intake) {
                    idle += run.idle.cores(label) * phase.measured.seconds() * 1000.0 / Math.max(1, phase.cardsMeasured);
                }
                return fmt(sum(phase.measured, intake, Math.max(1, phase.cardsMeasured)) - idle, 2);
            });
        }
        phaseRow(md, run, "ms CPU per card: SMEV simulator and token issuer (not the platform)",
                phase -> perCard(phase, run.simulators));
        phaseRow(md, run, "ms CPU per card: the benchmark driver (pushes: its client) and its counting connection",
                phase -> perCard(phase, List.of(ProcessCpu.DRIVER, ProcessCpu.POSTGRES_COUNTING)));
        phaseRow(md, run, "ms CPU per card: other processes (not this run)",
                phase -> perCard(phase, List.of(ProcessCpu.OTHERS)));
        phaseRow(md, run, "PostgreSQL per card: transactions committed · rows inserted / updated / deleted",
                phase -> databasePerCard(phase.database, phase.cardsMeasured));
        phaseRow(md, run, "cores busy: whole machine · other processes", phase -> phase.measured == null ? "—"
                : fmt(phase.measured.machineCores(), 2) + " · " + fmt(phase.measured.cores(ProcessCpu.OTHERS), 2));
        md.append("\n");
        for (Phase phase : run.phases) {
            perProcess(md, "## CPU per card, per process: " + phase.name, phase.measured, phase.cardsMeasured, run.idle,
                    run.order, "after the warm-up and 5 s more (the intake warm, nothing queued, the pull loops backing "
                            + "off)");
        }
        heaps(md, run);
        endState(md, run);
        md.append("## Settings\n\n| | |\n|---|---|\n");
        row(md, "machine", run.machine.cores() + " cores, " + run.machine.memory() + ", " + run.machine.cpu() + ", "
                + run.machine.os());
        row(md, "Java · PostgreSQL · RabbitMQ", run.machine.java() + " · " + run.machine.postgres() + " · "
                + run.machine.rabbitmq());
        row(md, "processes", "SMEV simulator, token issuer, " + options.replicas() + " gateway and " + options.replicas()
                + " card-processor process(es) (`ProcessCluster`), the Kafka broker; the machine's PostgreSQL and "
                + "RabbitMQ");
        row(md, "JVM options", run.jvmOptions);
        row(md, "SMEV", "real profile (MTOM pulls, async statuses), signatures " + (options.signing() ? "on" : "off")
                + "; pushes authenticated with the run's HMAC key (the client signs each, as an SMEV adapter would)");
        row(md, "pushed envelope", "`" + ChainBenchmark.PUSHED_ENVELOPE_NAME + "`, a new MessageId per request");
        row(md, "PostgreSQL pools", "`spring.r2dbc.pool.max-size=" + options.poolMax() + "` per service");
        row(md, "database · RabbitMQ/Kafka prefix", run.database + " · " + run.prefix + " (dropped at the end)");
        md.append("\n");
        return md.toString();
    }

    /** "commits · inserted / updated / deleted" per card, from {@code pg_stat_database}. */
    static String databasePerCard(Counters.DatabaseActivity activity, long cards) {
        if (activity == null || cards <= 0) {
            return "—";
        }
        return fmt((double) activity.commits() / cards, 1) + " · " + fmt((double) activity.inserted() / cards, 1)
                + " / " + fmt((double) activity.updated() / cards, 1) + " / " + fmt((double) activity.deleted() / cards, 1);
    }

    private static void phaseRow(StringBuilder md, Run run, String name,
                                 java.util.function.Function<Phase, String> value) {
        md.append("| ").append(name).append(" |");
        run.phases.forEach(phase -> md.append(" ").append(value.apply(phase)).append(" |"));
        md.append("\n");
    }

    private static String perCard(Phase phase, List<String> labels) {
        return phase.measured == null ? "—" : fmt(sum(phase.measured, labels, Math.max(1, phase.cardsMeasured)), 2);
    }

    private static void endState(StringBuilder md, Run run) {
        md.append("## End state\n\n| | |\n|---|---:|\n");
        row(md, "cards by stage", run.byStage.toString());
        row(md, "cards doubled (same SMEV message stored twice; must be 0)", String.valueOf(run.duplicates));
        row(md, "raw messages stored by the gateway", String.valueOf(run.rawMessages));
        row(md, "messages acknowledged to the SMEV simulator", String.valueOf(run.acked));
        row(md, "outbox rows not yet published (all schemas)", String.valueOf(run.outboxUnpublished));
        row(md, "open incidents (all schemas)", String.valueOf(run.openIncidents));
        row(md, "PostgreSQL connections of the run at the end", String.valueOf(run.connections));
        md.append("\n");
    }

    private static void settings(StringBuilder md, Run run) {
        ChainOptions options = run.options;
        md.append("## Settings\n\n| | |\n|---|---|\n");
        row(md, "machine", run.machine.cores() + " cores, " + run.machine.memory() + ", " + run.machine.cpu() + ", "
                + run.machine.os());
        row(md, "Java · PostgreSQL · RabbitMQ", run.machine.java() + " · " + run.machine.postgres() + " · "
                + run.machine.rabbitmq());
        row(md, "processes", "every service and simulator its own JVM (`ProcessCluster`), " + options.replicas()
                + " replica(s) per service; Kafka broker its own JVM; the machine's PostgreSQL and RabbitMQ");
        row(md, "JVM options", run.jvmOptions);
        row(md, "SMEV", "real profile (MTOM, async statuses), signatures " + (options.signing() ? "on" : "off"));
        row(md, "Dadata", "simulator, " + options.dadataLatency().toMillis() + " ms per request, no limit; "
                + "`moku.enrichment.resilience.rate-limit=1000000`");
        row(md, "ЛКО hand-off (org-registry)", "circuit breaker opens only when every call fails "
                + "(`failure-rate-threshold=100`, `minimum-calls=1000`), 8 attempts, timeout 20 s: cold JVMs on a loaded "
                + "machine opened the default one and stuck cards on LKO_UNAVAILABLE incidents");
        row(md, "PostgreSQL pools", "`spring.r2dbc.pool.max-size=" + options.poolMax() + "` per service");
        row(md, "database · RabbitMQ/Kafka prefix", run.database + " · " + run.prefix + " (dropped at the end)");
        row(md, "cards", "generated by the SMEV simulator (`/admin/smev/messages/generate`), one card per message, "
                + "valid ИНН; end stage = LINK_SENT (or FLAGGED)");
        md.append("\n");
    }

    private static double idleShare(Run run, List<String> labels) {
        double total = 0;
        for (String label : labels) {
            total += run.idle.cores(label) * run.measured.seconds() * 1000.0 / Math.max(1, run.cardsMeasured);
        }
        return total;
    }

    private static double sum(ProcessCpu.Interval cpu, List<String> labels, long cards) {
        double total = 0;
        for (String label : labels) {
            total += cpu.millisPerCard(label, cards);
        }
        return total;
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String fmtOrDash(Double value) {
        return value == null ? "—" : fmt(value, 0);
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "—"
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
