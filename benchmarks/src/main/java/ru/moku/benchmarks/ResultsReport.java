package ru.moku.benchmarks;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import ru.moku.benchmarks.BenchmarkOptions.Signing;

/** The results as Markdown: the comparison with PerfTest first, then machine, settings and each phase's figures. */
final class ResultsReport {

    /** Intake should reach at least this share of what RabbitMQ alone does with the same durability. */
    static final double TARGET_RATIO = 0.6;

    /**
     * Everything a results file says.
     *
     * @param started   when the run started (local time)
     * @param machine   where it ran
     * @param loadAtStart the load averages when it started
     * @param loadAtEnd   the load averages when it ended
     * @param options   the options it ran with
     * @param envelope  where the pushed envelope came from
     * @param envelopeBytes size of one pushed envelope
     * @param push      phase a, per signing mode run
     * @param pull      phase b, per signing mode run
     * @param perfTest  phase c; null when skipped
     * @param crypto    phase d; null when skipped
     */
    record Run(LocalDateTime started, Machine machine, String loadAtStart, String loadAtEnd, BenchmarkOptions options,
               String envelope, int envelopeBytes, Map<Signing, PhaseOutcome<PushPhase.Figures>> push,
               Map<Signing, PhaseOutcome<PullPhase.Figures>> pull, PhaseOutcome<PerfTestReference.Figures> perfTest,
               PhaseOutcome<CryptoCostPhase.Figures> crypto) {

        boolean complete() {
            return push.values().stream().allMatch(p -> p.ran() && p.figures().complete())
                    && pull.values().stream().allMatch(p -> p.ran() && p.figures().complete())
                    && (perfTest == null || perfTest.ran() && perfTest.figures().complete())
                    && (crypto == null || crypto.ran() && crypto.figures().complete());
        }
    }

    private ResultsReport() {
    }

    static String markdown(Run run) {
        StringBuilder md = new StringBuilder();
        md.append("# Intake benchmark — ").append(run.started().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")))
                .append("\n\n");
        md.append(String.format(Locale.ROOT, """
                How fast the gateway takes in SMEV messages (push and pull) compared with what RabbitMQ on the same
                machine does alone with the same durability (RabbitMQ PerfTest: persistent messages, publisher
                confirms). **Target: intake ≥ %.1f × PerfTest.** Push and pull ran with SMEV signatures %s.
                Run: `benchmarks/run.sh`; see `benchmarks/README.md`.

                Load average (1 / 5 / 15 min) at the start: %s; at the end: %s (the machine has %d cores; a load
                above that during the run means other work shared them, and the figures are low).

                """, TARGET_RATIO, modes(run.options()), run.loadAtStart(), run.loadAtEnd(), run.machine().cores()));
        comparison(md, run);
        signingComparison(md, run);
        crypto(md, run.crypto());
        machine(md, run.machine());
        settings(md, run);
        run.push().forEach((signing, outcome) -> push(md, signing, outcome));
        run.pull().forEach((signing, outcome) -> pull(md, signing, outcome));
        if (run.perfTest() != null) {
            perfTest(md, run.perfTest());
        }
        md.append("""
                ## How to read

                - *ratio* = intake figure ÷ PerfTest reference (PerfTest's steady received rate). The intake figure is
                  the rate at which the gateway durably took messages in: 202 answers per second for push, messages
                  stored and acknowledged to SMEV per second for pull. Each message is parsed, schema-validated and
                  stored in one PostgreSQL transaction (raw message, integration instance, outbox row), and its card
                  then crosses RabbitMQ (outbox relay, publisher confirms) and is stored again by card-processor, so
                  RabbitMQ alone is an upper bound of the intake and a ratio close to 1 is not to be expected.
                - *cards/s* is end to end (gateway → RabbitMQ → card-processor → PostgreSQL), from the first measured
                  request until the last card was stored; it is not part of the target, it shows whether
                  card-processor keeps up with intake.
                - What runs: the SMEV simulator, the gateway and card-processor only (one JVM, with the load
                  generator and Kafka) — the intake scope of issue 12's budget (≤ 4 ms per card, all processes
                  counted). The whole chain to LINK_SENT, every service as its own process, is
                  `benchmarks/run.sh chain`.
                - Everything (load generator, SMEV simulator, gateway, card-processor, Kafka) shares this machine's
                  cores with PostgreSQL and RabbitMQ; PerfTest ran with the platform stopped. Compare results from the
                  same machine only.
                - *CPU* says who used the cores during a measured interval. "This JVM" near the core count with
                  PostgreSQL and RabbitMQ low means intake is bound by the platform's own CPU; "other processes" well
                  above 0 means something else ran at the same time and the figures are too low — run again.
                - *Signing off vs on*: CPU per message = a process's CPU time over the measured interval ÷ the
                  messages of the interval. "This JVM" holds the load generator, the SMEV simulator, the gateway and
                  card-processor; its crypto pools are counted apart by thread (`ThreadCpu`): the gateway's signing
                  and verifying workers are the gateway's cost of signatures; the SMEV simulator's crypto pool is
                  SMEV's cost (with signing on it runs the simulator's whole SOAP endpoint, signing each delivered
                  message and verifying each GetResponse and Ack), so "this JVM without the simulator's pool" is the
                  closer figure for what our services spend. Push envelopes are signed by the benchmark before the
                  platform starts (the SMEV adapter's work), so no client signing is in the push figures; its cost is
                  given on its own.
                - Some CPU is spent per second, not per message (RabbitMQ's schedulers spin, the in-process Kafka,
                  pollers, the pull loops' idle GetResponses): at a lower rate it shows as more CPU per message. Each
                  phase reads an *idle baseline* after its run (5 s, platform warm, nothing to do); the "less its
                  idle baseline" rows take it off. The crypto pools' figures are per message exactly; the process
                  rows are upper bounds (the JIT, for one, is in "this JVM" and the first phase of a run has most).
                - *d) Crypto cost* runs without the platform; its CPU per operation is the floor of what each
                  message costs: pull with signing on = GetResponse sign + ResponseMessage verify + Ack sign on the
                  gateway, and GetResponse verify + ResponseMessage sign + Ack verify on SMEV.
                """);
        return md.toString();
    }

    private static void comparison(StringBuilder md, Run run) {
        if (run.push().isEmpty() && run.pull().isEmpty()) {
            return;
        }
        OptionalDouble reference = run.perfTest() != null && run.perfTest().ran()
                ? run.perfTest().figures().reference() : OptionalDouble.empty();
        md.append("| | intake | PerfTest | ratio | target ≥ ").append(format(TARGET_RATIO, 1)).append(" |\n");
        md.append("|---|---:|---:|---:|---|\n");
        run.push().forEach((signing, push) -> comparisonRow(md, "Push, " + signing.label()
                + ": accepted requests/s (202)", pushRate(push), reference));
        run.pull().forEach((signing, pull) -> comparisonRow(md, "Pull, " + signing.label()
                + ": messages stored and acknowledged/s", pullRate(pull), reference));
        md.append('\n');
    }

    private static double pushRate(PhaseOutcome<PushPhase.Figures> push) {
        return push != null && push.ran() && push.figures().load().complete()
                ? push.figures().load().acceptedPerSecond() : Double.NaN;
    }

    private static double pullRate(PhaseOutcome<PullPhase.Figures> pull) {
        return pull != null && pull.ran() ? pull.figures().messagesPerSecond() : Double.NaN;
    }

    private static String modes(BenchmarkOptions options) {
        return options.signing().stream().map(signing -> signing.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" and "));
    }

    private static void comparisonRow(StringBuilder md, String label, double intake, OptionalDouble reference) {
        String ratio = "—";
        String verdict = "not measured";
        if (!Double.isNaN(intake) && reference.isPresent() && reference.getAsDouble() > 0) {
            double value = intake / reference.getAsDouble();
            ratio = format(value, 2);
            verdict = value >= TARGET_RATIO ? "**met**" : "**not met**";
        }
        md.append("| ").append(label).append(" | ").append(rate(intake)).append(" | ")
                .append(reference.isPresent() ? rate(reference.getAsDouble()) : "—").append(" | ").append(ratio)
                .append(" | ").append(verdict).append(" |\n");
    }

    private static void machine(StringBuilder md, Machine machine) {
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row(md, "Cores", String.valueOf(machine.cores()));
        row(md, "Memory", machine.memory());
        row(md, "CPU", machine.cpu());
        row(md, "OS", machine.os());
        row(md, "Java", machine.java() + " (benchmark JVM max heap " + machine.maxHeap() + ")");
        row(md, "PostgreSQL", machine.postgres());
        row(md, "RabbitMQ", machine.rabbitmq());
        md.append('\n');
    }

    private static void settings(StringBuilder md, Run run) {
        BenchmarkOptions options = run.options();
        md.append("## Settings\n\n| | |\n|---|---|\n");
        row(md, "Messages per phase", options.messages() + " measured, after " + options.warmup()
                + " warm-up messages not counted; one card per message");
        row(md, "Push", options.concurrency() + " requests in flight (reactor-netty client, own event loop), "
                + "gateway pull off; envelope " + run.envelope() + ", " + run.envelopeBytes()
                + " bytes, a new SMEV MessageId per request");
        row(md, "Pull", "gateway pull loops: " + (options.pullConcurrency() > 0 ? options.pullConcurrency()
                : "gateway default") + "; the simulator's queue filled before the gateway started; "
                + "the simulator does not schema-validate requests");
        row(md, "Platform", "SMEV simulator, card-processor and gateway as Spring contexts in the benchmark JVM "
                + "— nothing else: no enrichment, org-registry, survey-service, token issuer, Dadata or ЛКО simulator "
                + "(card-processor's enrichment requests are published and stay unconsumed in RabbitMQ; the card "
                + "outcome back to the gateway is consumed and counted); in-process Kafka, PostgreSQL database `" + Environment.DATABASE + "` and RabbitMQ names `"
                + Environment.PREFIX + "*` reset before each phase");
        row(md, "PerfTest", run.perfTest() == null ? "not run (--no-perftest)" : "child JVM, platform stopped: `"
                + (run.perfTest().ran() ? PerfTestReference.describe(run.perfTest().figures())
                : PerfTestReference.MAIN_CLASS) + "`");
        row(md, "Signing", "modes: " + modes(options) + ". On: the SMEV simulator signs each delivered message "
                + "(provider's SenderInformationSystemSignature, SMEV's SMEVSignature; GOST R 34.10-2012 (256) keys "
                + "generated for the run) and verifies the gateway's CallerInformationSystemSignature on GetResponse "
                + "and Ack; the gateway signs GetResponse and Ack and verifies both signatures of every message taken "
                + "in (push and pull); pushed envelopes are signed by the benchmark before the platform starts, one "
                + "per message (its MessageId is inside the signed content). Off: nobody signs or verifies");
        row(md, "Polling", "counts read every " + Poll.INTERVAL.toMillis() + " ms (bounds the timing error of each "
                + "measured interval); any wait gives up after " + options.timeout().toSeconds() + " s");
        md.append('\n');
    }

    private static void push(StringBuilder md, Signing signing, PhaseOutcome<PushPhase.Figures> outcome) {
        md.append("## a) Push, ").append(signing.label()).append(" — `POST /smev/inbound`\n\n");
        if (!outcome.ran()) {
            md.append("Not measured: ").append(outcome.failure()).append("\n\n");
            return;
        }
        PushPhase.Figures push = outcome.figures();
        PushClient.Result load = push.load();
        md.append("| | |\n|---|---|\n");
        row(md, "Answers", String.format(Locale.ROOT, "%d requests: %d × 202, %d × 200 (duplicate), %d failed%s",
                load.requested(), load.accepted(), load.duplicates(), load.failed(),
                load.complete() ? "" : " — run stopped at the timeout"));
        if (load.firstFailure() != null) {
            row(md, "First failure", "`" + load.firstFailure().replace("|", "\\|").replace("`", "'") + "`");
        }
        row(md, "Accepted requests/s", String.format(Locale.ROOT, "**%s** (%d in %s)",
                rate(load.acceptedPerSecond()), load.accepted(), seconds(load.elapsed())));
        row(md, "Latency p50 / p95 / p99", String.format(Locale.ROOT, "%s / %s / %s ms",
                format(load.latencyMillis(50), 1), format(load.latencyMillis(95), 1), format(load.latencyMillis(99), 1)));
        row(md, "Cards stored end to end", push.cardsElapsed() == null
                ? String.format(Locale.ROOT, "not all: %d of %d when the wait gave up", push.cardsStored(), push.messages())
                : String.format(Locale.ROOT, "**%s cards/s** (%d cards in %s from the first measured request)",
                        rate(push.cardsPerSecond()), push.messages(), seconds(push.cardsElapsed())));
        row(md, "CPU, cores busy on average (of " + Runtime.getRuntime().availableProcessors() + ")", cpu(push.cpu()));
        row(md, "Idle baseline after the run, cores busy (nothing sent, " + PushPhase.IDLE.toSeconds() + " s)",
                push.idle() == null ? "unknown" : push.idle().describe());
        row(md, "Crypto pools of this JVM (CPU time)", threads(push.threads(), push.messages()));
        row(md, "Envelope pushed", push.envelopeBytes() + " bytes" + (push.clientSigning().envelopes() == 0 ? ""
                : String.format(Locale.ROOT, "; signed by the benchmark before the platform started: %d envelopes, "
                        + "%.2f ms CPU each, %.1f s on %d threads (not in the figures above)",
                push.clientSigning().envelopes(), push.clientSigning().cpuMillisPerEnvelope(),
                push.clientSigning().wallMillis() / 1000, PushPayloads.SIGNING_THREADS)));
        if (push.tamperedAnswer() != null) {
            row(md, "An envelope changed after signing, pushed after the run", "`"
                    + push.tamperedAnswer().replace("|", "\\|").replace("`", "'") + "`");
        }
        row(md, "Database at the end", check(push.check()));
        md.append('\n');
    }

    private static void pull(StringBuilder md, Signing signing, PhaseOutcome<PullPhase.Figures> outcome) {
        md.append("## b) Pull, ").append(signing.label())
                .append(" — GetResponse → store → Ack against the SMEV simulator\n\n");
        if (!outcome.ran()) {
            md.append("Not measured: ").append(outcome.failure()).append("\n\n");
            return;
        }
        PullPhase.Figures pull = outcome.figures();
        md.append("| | |\n|---|---|\n");
        row(md, "Messages stored and acknowledged", pull.ackedElapsed() == null
                ? String.format(Locale.ROOT, "not all: %d of %d when the wait gave up", pull.acked(), pull.messages())
                : String.format(Locale.ROOT, "**%s msg/s** (%d in %s after the warm-up)",
                        rate(pull.messagesPerSecond()), pull.acked(), seconds(pull.ackedElapsed())));
        row(md, "Cards stored", pull.cardsElapsed() == null
                ? String.format(Locale.ROOT, "not all: %d when the wait gave up", pull.cards())
                : String.format(Locale.ROOT, "**%s cards/s** (%d in %s after the warm-up)",
                        rate(pull.cardsPerSecond()), pull.cards(), seconds(pull.cardsElapsed())));
        row(md, "Latency p50 / p99, delivered → taken in", pull.latencyMillis() == null ? "—"
                : String.format(Locale.ROOT, "%s / %s ms (of %d messages; from the simulator's DeliveryTimestamp to "
                        + "the gateway's intake transaction)", format(pull.latencyMillis()[0], 1),
                format(pull.latencyMillis()[1], 1), (long) pull.latencyMillis()[2]));
        row(md, "CPU, cores busy on average (of " + Runtime.getRuntime().availableProcessors() + ")", cpu(pull.cpu()));
        row(md, "Idle baseline after the run, cores busy (queue empty, " + PushPhase.IDLE.toSeconds() + " s)",
                pull.idle() == null ? "unknown" : pull.idle().describe());
        row(md, "Crypto pools of this JVM (CPU time)", threads(pull.threads(), pull.acked()));
        row(md, "Database at the end", check(pull.check()));
        md.append('\n');
    }

    private static void perfTest(StringBuilder md, PhaseOutcome<PerfTestReference.Figures> outcome) {
        md.append("## c) Reference — RabbitMQ PerfTest\n\n");
        if (!outcome.ran()) {
            md.append("Not measured: ").append(outcome.failure()).append("\n\n");
            return;
        }
        PerfTestReference.Figures perf = outcome.figures();
        md.append("| | |\n|---|---|\n");
        row(md, "Run", perf.seconds() + " s, 1 producer, 1 consumer, persistent " + PerfTestReference.MESSAGE_BYTES
                + "-byte messages, confirms (" + PerfTestReference.CONFIRM_WINDOW + " unconfirmed at most); exit code "
                + perf.exitCode());
        row(md, "Sending rate avg", rate(perf.sendingAvg()) + " msg/s");
        row(md, "Receiving rate avg", rate(perf.receivingAvg()) + " msg/s");
        row(md, "Steady receiving rate (first " + perf.skippedSeconds() + " s left out) — the reference",
                "**" + rate(perf.steadyReceiving()) + " msg/s**");
        row(md, "Consumer latency median / p99", latency(perf.consumerLatencyMs()));
        row(md, "Confirm latency median / p99", latency(perf.confirmLatencyMs()));
        md.append('\n');
    }

    private static String threads(Map<String, ThreadCpu.GroupTime> groups, long messages) {
        if (groups == null || groups.isEmpty()) {
            return "none ran";
        }
        StringBuilder text = new StringBuilder();
        groups.forEach((group, time) -> text.append(text.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT,
                "%s: %.0f ms on %d threads = %.2f ms per message", group, time.cpuMillis(), time.threads(),
                messages > 0 ? time.cpuMillis() / messages : Double.NaN)));
        return text.toString();
    }

    /**
     * The figures of each phase with signing off and on side by side, and what signing adds per message; only when
     * both ran.
     */
    private static void signingComparison(StringBuilder md, Run run) {
        if (run.options().signing().size() < 2 || run.push().isEmpty() && run.pull().isEmpty()) {
            return;
        }
        md.append("## Signing off vs on\n\n");
        md.append("CPU per message = CPU time of the process (or pool) over the measured interval ÷ messages of the "
                + "interval. *Δ per message* = on − off.\n\n");
        md.append("| Phase | Figure | signing off | signing on | Δ |\n|---|---|---:|---:|---:|\n");
        PushPhase.Figures pushOff = figures(run.push().get(Signing.OFF));
        PushPhase.Figures pushOn = figures(run.push().get(Signing.ON));
        if (pushOff != null || pushOn != null) {
            String phase = "a) Push";
            rateRow(md, phase, "accepted requests/s (202)", pushRate(run.push().get(Signing.OFF)),
                    pushRate(run.push().get(Signing.ON)));
            comparisonRow(md, phase, "latency p50 (ms)", pushOff == null ? Double.NaN : pushOff.load().latencyMillis(50),
                    pushOn == null ? Double.NaN : pushOn.load().latencyMillis(50), 1);
            comparisonRow(md, phase, "latency p99 (ms)", pushOff == null ? Double.NaN : pushOff.load().latencyMillis(99),
                    pushOn == null ? Double.NaN : pushOn.load().latencyMillis(99), 1);
            rateRow(md, phase, "cards/s end to end", pushOff == null ? Double.NaN : pushOff.cardsPerSecond(),
                    pushOn == null ? Double.NaN : pushOn.cardsPerSecond());
            cpuRows(md, phase, pushOff == null ? null : new Cpu(pushOff.cpu(), pushOff.idle(), pushOff.threads(),
                    pushOff.messages()), pushOn == null ? null : new Cpu(pushOn.cpu(), pushOn.idle(), pushOn.threads(),
                    pushOn.messages()));
            if (pushOn != null) {
                md.append("| ").append(phase).append(" | client: signing one pushed envelope, ms CPU (before the run, "
                        + "not above) | — | ").append(format(pushOn.clientSigning().cpuMillisPerEnvelope(), 2))
                        .append(" | |\n");
            }
        }
        PullPhase.Figures pullOff = figures(run.pull().get(Signing.OFF));
        PullPhase.Figures pullOn = figures(run.pull().get(Signing.ON));
        if (pullOff != null || pullOn != null) {
            String phase = "b) Pull";
            rateRow(md, phase, "messages stored and acknowledged/s", pullRate(run.pull().get(Signing.OFF)),
                    pullRate(run.pull().get(Signing.ON)));
            comparisonRow(md, phase, "latency p50, delivered → taken in (ms)", pullLatency(pullOff, 0),
                    pullLatency(pullOn, 0), 1);
            comparisonRow(md, phase, "latency p99, delivered → taken in (ms)", pullLatency(pullOff, 1),
                    pullLatency(pullOn, 1), 1);
            rateRow(md, phase, "cards/s end to end", pullOff == null ? Double.NaN : pullOff.cardsPerSecond(),
                    pullOn == null ? Double.NaN : pullOn.cardsPerSecond());
            cpuRows(md, phase, pullOff == null ? null : new Cpu(pullOff.cpu(), pullOff.idle(), pullOff.threads(),
                    pullOff.acked()), pullOn == null ? null : new Cpu(pullOn.cpu(), pullOn.idle(), pullOn.threads(),
                    pullOn.acked()));
        }
        md.append('\n');
    }

    private static <T> T figures(PhaseOutcome<T> outcome) {
        return outcome != null && outcome.ran() ? outcome.figures() : null;
    }

    private static double pullLatency(PullPhase.Figures pull, int index) {
        return pull == null || pull.latencyMillis() == null ? Double.NaN : pull.latencyMillis()[index];
    }

    private static void rateRow(StringBuilder md, String phase, String figure, double off, double on) {
        String change = Double.isNaN(off) || Double.isNaN(on) || off == 0 ? "—"
                : String.format(Locale.ROOT, "%+.0f %%", (on / off - 1) * 100);
        md.append("| ").append(phase).append(" | ").append(figure).append(" | ").append(rate(off)).append(" | ")
                .append(rate(on)).append(" | ").append(change).append(" |\n");
    }

    private static void comparisonRow(StringBuilder md, String phase, String figure, double off, double on,
                                      int decimals) {
        String change = Double.isNaN(off) || Double.isNaN(on) ? "—"
                : String.format(Locale.ROOT, "%+." + decimals + "f", on - off);
        md.append("| ").append(phase).append(" | ").append(figure).append(" | ").append(format(off, decimals))
                .append(" | ").append(format(on, decimals)).append(" | ").append(change).append(" |\n");
    }

    /**
     * One phase run's CPU figures.
     *
     * @param split    cores busy by process over the measured interval; null if unknown
     * @param idle     cores busy by process with nothing to do (the idle baseline); null if unknown
     * @param threads  CPU time of this JVM's pools
     * @param messages messages of the measured interval
     */
    private record Cpu(CpuAccount.Split split, CpuAccount.Split idle, Map<String, ThreadCpu.GroupTime> threads,
                       long messages) {

        /** CPU ms per message of a process; with {@code lessIdle}, its idle baseline taken off first. */
        double perMessage(ToDoubleFunction<CpuAccount.Split> process, boolean lessIdle) {
            if (split == null || lessIdle && idle == null) {
                return Double.NaN;
            }
            double cores = process.applyAsDouble(split) - (lessIdle ? process.applyAsDouble(idle) : 0);
            return split.millisPerMessage(cores, messages);
        }

        double group(String group) {
            return groupPerMessage(threads, group, messages);
        }
    }

    private static void cpuRows(StringBuilder md, String phase, Cpu off, Cpu on) {
        cpuRow(md, phase, "ms CPU per message: this JVM (all of the platform)", off, on, CpuAccount.Split::self, false);
        for (String group : ThreadCpu.GROUPS.keySet()) {
            double offGroup = off == null ? Double.NaN : off.group(group);
            double onGroup = on == null ? Double.NaN : on.group(group);
            if (offGroup > 0 || onGroup > 0) {
                comparisonRow(md, phase, "ms CPU per message: … of it " + group, offGroup, onGroup, 2);
            }
        }
        cpuRow(md, phase, "ms CPU per message: this JVM less its idle baseline", off, on, CpuAccount.Split::self, true);
        comparisonRow(md, phase, "ms CPU per message: this JVM less its idle baseline and the SMEV simulator's "
                + "crypto pool (closest to our services' own cost)", ours(off), ours(on), 2);
        cpuRow(md, phase, "ms CPU per message: PostgreSQL", off, on, CpuAccount.Split::postgres, false);
        cpuRow(md, phase, "ms CPU per message: RabbitMQ", off, on, CpuAccount.Split::rabbitmq, false);
        cpuRow(md, phase, "ms CPU per message: RabbitMQ less its idle baseline", off, on, CpuAccount.Split::rabbitmq,
                true);
        cpuRow(md, phase, "ms CPU per message: other processes (not ours: the machine's other load)", off, on,
                CpuAccount.Split::others, false);
    }

    private static double ours(Cpu cpu) {
        return cpu == null ? Double.NaN : cpu.perMessage(CpuAccount.Split::self, true)
                - cpu.group(ThreadCpu.Group.SIMULATOR_CRYPTO);
    }

    private static void cpuRow(StringBuilder md, String phase, String figure, Cpu off, Cpu on,
                               ToDoubleFunction<CpuAccount.Split> process, boolean lessIdle) {
        comparisonRow(md, phase, figure, off == null ? Double.NaN : off.perMessage(process, lessIdle),
                on == null ? Double.NaN : on.perMessage(process, lessIdle), 2);
    }

    private static double groupPerMessage(Map<String, ThreadCpu.GroupTime> groups, String group, long messages) {
        if (groups == null || messages <= 0) {
            return groups == null ? Double.NaN : 0;
        }
        ThreadCpu.GroupTime time = groups.get(group);
        return time == null ? 0 : time.cpuMillis() / messages;
    }

    private static void crypto(StringBuilder md, PhaseOutcome<CryptoCostPhase.Figures> outcome) {
        if (outcome == null) {
            return;
        }
        md.append("## d) Crypto cost — smev-crypto alone, warm\n\n");
        if (!outcome.ran()) {
            md.append("Not measured: ").append(outcome.failure()).append("\n\n");
            return;
        }
        CryptoCostPhase.Figures crypto = outcome.figures();
        md.append(String.format(Locale.ROOT, "%d operations per line (after %d not counted) on a pool of %d threads "
                + "(the gateway's crypto workers by default: one per core).%n%n", crypto.operations(),
                Math.max(20, crypto.operations() / 5), crypto.threads()));
        md.append("| Operation | ms CPU per operation | operations/s (pool) | MB/s (pool · per CPU-second) | failed |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (CryptoCostPhase.Measurement m : crypto.measurements()) {
            md.append("| ").append(m.name()).append(" | ").append(format(m.cpuMillisPerOperation(), 3)).append(" | ")
                    .append(rate(m.operationsPerSecond())).append(" | ")
                    .append(m.bytes() == 0 ? "" : format(m.megabytesPerSecond(), 1) + " · "
                            + format(m.megabytesPerCpuSecond(), 1))
                    .append(" | ").append(m.failures()).append(" |\n");
        }
        md.append('\n');
    }

    private static String check(IntakeCounters.Check check) {
        return String.format(Locale.ROOT, "raw messages by status %s; cards %d by stage %s; duplicate cards %d; "
                        + "open incidents %d", check.rawByStatus(), check.cards(), check.cardsByStage(),
                check.duplicateCards(), check.openIncidents());
    }

    private static String cpu(CpuAccount.Split split) {
        return split == null ? "unknown (no /proc)" : split.describe() + " — from the first measured message until the last card";
    }

    private static String latency(double[] millis) {
        return millis == null ? "—" : format(millis[0], 1) + " / " + format(millis[1], 1) + " ms";
    }

    private static void row(StringBuilder md, String label, String value) {
        md.append("| ").append(label).append(" | ").append(value).append(" |\n");
    }

    private static String rate(OptionalDouble value) {
        return value.isPresent() ? rate(value.getAsDouble()) : "—";
    }

    private static String rate(double value) {
        return Double.isNaN(value) ? "—" : format(value, 0);
    }

    private static String seconds(Duration duration) {
        return format(duration.toMillis() / 1000.0, 2) + " s";
    }

    private static String format(double value, int decimals) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
