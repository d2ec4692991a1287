package ru.moku.benchmarks;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalDouble;
import ru.moku.local.PlatformState;

/** The results as Markdown: the comparison with PerfTest first, then machine, settings and each phase's figures. */
final class ResultsReport {

    /** Intake should reach at least this share of what RabbitMQ alone does with the same durability. */
    static final double TARGET_RATIO = 0.6;

    /**
     * Everything a results file says.
     *
     * @param started   when the run started (local time)
     * @param machine   where it ran
     * @param options   the options it ran with
     * @param envelope  where the pushed envelope came from
     * @param envelopeBytes size of one pushed envelope
     * @param push      phase a
     * @param pull      phase b
     * @param perfTest  phase c
     */
    record Run(LocalDateTime started, Machine machine, BenchmarkOptions options, String envelope, int envelopeBytes,
               PhaseOutcome<PushPhase.Figures> push, PhaseOutcome<PullPhase.Figures> pull,
               PhaseOutcome<PerfTestReference.Figures> perfTest) {

        boolean complete() {
            return push.ran() && push.figures().complete()
                    && pull.ran() && pull.figures().complete()
                    && perfTest.ran() && perfTest.figures().complete();
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
                confirms). **Target: intake ≥ %.1f × PerfTest.** Run: `benchmarks/run.sh`; see `benchmarks/README.md`.

                """, TARGET_RATIO));
        comparison(md, run);
        machine(md, run.machine());
        settings(md, run);
        push(md, run.push());
        pull(md, run.pull());
        perfTest(md, run.perfTest());
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
                - Everything (load generator, SMEV simulator, gateway, card-processor, Kafka) shares this machine's
                  cores with PostgreSQL and RabbitMQ; PerfTest ran with the platform stopped. Compare results from the
                  same machine only.
                - *CPU* says who used the cores during a measured interval. "This JVM" near the core count with
                  PostgreSQL and RabbitMQ low means intake is bound by the platform's own CPU; "other processes" well
                  above 0 means something else ran at the same time and the figures are too low — run again.
                """);
        return md.toString();
    }

    private static void comparison(StringBuilder md, Run run) {
        OptionalDouble reference = run.perfTest().ran() ? run.perfTest().figures().reference() : OptionalDouble.empty();
        md.append("| | intake | PerfTest | ratio | target ≥ ").append(format(TARGET_RATIO, 1)).append(" |\n");
        md.append("|---|---:|---:|---:|---|\n");
        double pushRate = run.push().ran() && run.push().figures().load().complete()
                ? run.push().figures().load().acceptedPerSecond() : Double.NaN;
        double pullRate = run.pull().ran() ? run.pull().figures().messagesPerSecond() : Double.NaN;
        comparisonRow(md, "Push: accepted requests/s (202)", pushRate, reference);
        comparisonRow(md, "Pull: messages stored and acknowledged/s", pullRate, reference);
        md.append('\n');
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
        row(md, "Platform", "SMEV simulator, card-processor and gateway as Spring contexts in the benchmark JVM, "
                + "in-process Kafka, PostgreSQL database `" + Environment.DATABASE + "` and RabbitMQ names `"
                + Environment.PREFIX + "*` reset before each phase");
        row(md, "PerfTest", "child JVM, platform stopped: `" + (run.perfTest().ran()
                ? PerfTestReference.describe(run.perfTest().figures()) : PerfTestReference.MAIN_CLASS) + "`");
        row(md, "Polling", "counts read every " + Poll.INTERVAL.toMillis() + " ms (bounds the timing error of each "
                + "measured interval); any wait gives up after " + options.timeout().toSeconds() + " s");
        md.append('\n');
    }

    private static void push(StringBuilder md, PhaseOutcome<PushPhase.Figures> outcome) {
        md.append("## a) Push — `POST /smev/inbound`\n\n");
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
        row(md, "Database at the end", check(push.check()));
        md.append('\n');
    }

    private static void pull(StringBuilder md, PhaseOutcome<PullPhase.Figures> outcome) {
        md.append("## b) Pull — GetResponse → store → Ack against the SMEV simulator\n\n");
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
        row(md, "CPU, cores busy on average (of " + Runtime.getRuntime().availableProcessors() + ")", cpu(pull.cpu()));
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

    private static String check(PlatformState.Snapshot snapshot) {
        return String.format(Locale.ROOT, "raw messages by status %s; cards %d by stage %s; duplicate cards %d; "
                        + "open incidents %d", snapshot.rawByStatus(), snapshot.cards(), snapshot.cardsByStage(),
                snapshot.duplicateCards(), snapshot.openIncidents());
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
