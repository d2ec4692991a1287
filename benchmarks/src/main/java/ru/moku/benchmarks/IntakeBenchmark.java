package ru.moku.benchmarks;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Consumer;
import ru.moku.kafka.local.InProcessKafka;

/**
 * The intake benchmark (not a test; {@code benchmarks/run.sh} runs it): how many SMEV messages a second
 * the gateway takes in by push and by pull on this machine, and how that compares with RabbitMQ
 * PerfTest on the same machine. Phases, each after a warm-up that is not counted:
 * <ol>
 *   <li>{@link PushPhase push}: {@code POST /smev/inbound} at a fixed number of requests in flight;</li>
 *   <li>{@link PullPhase pull}: the gateway's GetResponse/Ack loops against the SMEV simulator;</li>
 *   <li>{@link PerfTestReference reference}: RabbitMQ PerfTest, persistent messages with confirms;</li>
 *   <li>{@link CryptoCostPhase crypto cost}: smev-crypto's signatures and verifications alone, per operation.</li>
 * </ol>
 * Push and pull run with SMEV signatures off and on ({@code --signing}), so that the report can say what signing
 * costs per message.
 * Writes the figures as Markdown to the results file (and {@code benchmarks/results/latest.md}) and
 * prints the same. Exit code 0 when every phase measured everything, 1 when one did not, 2 when
 * PostgreSQL or RabbitMQ is not reachable, 64 for bad options. Whether the target is met does not
 * change the exit code: that is a finding, not a failure of the run.
 */
public final class IntakeBenchmark {

    private final BenchmarkOptions options;
    private final Consumer<String> out = System.out::println;

    private IntakeBenchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchmarkOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.help()) {
            System.out.println(BenchmarkOptions.USAGE);
            return;
        }
        System.exit(new IntakeBenchmark(options).run());
    }

    private int run() throws Exception {
        List<String> problems = Environment.unreachable();
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("✗ " + problem));
            return 2;
        }
        LocalDateTime started = LocalDateTime.now();
        Machine machine = Machine.describe();
        String loadAverage = Machine.loadAverage();
        SmevEnvelopes envelopes = SmevEnvelopes.fromFileOrRendered(options.envelope());
        say("Machine: %d cores, %s memory, %s; envelope %s (%d bytes)", machine.cores(), machine.memory(),
                machine.java(), envelopes.source(), envelopes.size());

        Map<BenchmarkOptions.Signing, PhaseOutcome<PushPhase.Figures>> push = new EnumMap<>(BenchmarkOptions.Signing.class);
        Map<BenchmarkOptions.Signing, PhaseOutcome<PullPhase.Figures>> pull = new EnumMap<>(BenchmarkOptions.Signing.class);
        PhaseOutcome<PerfTestReference.Figures> perfTest = null;
        PhaseOutcome<CryptoCostPhase.Figures> crypto = null;
        try (SigningKeys keys = SigningKeys.generate()) {
            try {
                if (!options.onlyCrypto()) {
                    intakePhases(envelopes, keys, push, pull);
                    if (options.perfTest()) {
                        // With the platform and Kafka stopped, PerfTest has the machine as the intake phases had it.
                        say("c) RabbitMQ PerfTest: %d s", options.perfTestSeconds());
                        perfTest = phase(() -> PerfTestReference.run(options.perfTestSeconds(), out));
                    }
                }
            } finally {
                say("Dropping database %s and RabbitMQ names %s*", Environment.DATABASE, Environment.PREFIX);
                Environment.cleanUp();
            }
            if (options.cryptoOperations() > 0) {
                say("d) Crypto cost: %d operations per measurement on %d threads", options.cryptoOperations(),
                        CryptoCostPhase.THREADS);
                crypto = phase(() -> CryptoCostPhase.run(options.cryptoOperations(), keys, envelopes, out));
            }
        }

        String loadAtEnd = Machine.loadAverage();
        ResultsReport.Run run = new ResultsReport.Run(started, machine, loadAverage, loadAtEnd, options,
                envelopes.source(), envelopes.size(), push, pull, perfTest, crypto);
        String markdown = ResultsReport.markdown(run);
        write(markdown);
        System.out.println();
        System.out.println(markdown);
        say("Results written to %s and %s", options.output(), BenchmarkOptions.LATEST);
        return run.complete() ? 0 : 1;
    }

    /** a) and b): push, then pull, each in every signing mode asked for. */
    private void intakePhases(SmevEnvelopes envelopes, SigningKeys keys,
                              Map<BenchmarkOptions.Signing, PhaseOutcome<PushPhase.Figures>> push,
                              Map<BenchmarkOptions.Signing, PhaseOutcome<PullPhase.Figures>> pull) throws Exception {
        say("Starting in-process Kafka");
        try (InProcessKafka kafka = InProcessKafka.start()) {
            Environment environment = new Environment(kafka.bootstrapServers());
            for (BenchmarkOptions.Signing signing : options.signing()) {
                say("a) Push, %s: %d messages, %d in flight", signing.label(), options.messages(),
                        options.concurrency());
                push.put(signing, phase(() -> PushPhase.run(environment, options, envelopes, signing, keys, out)));
            }
            for (BenchmarkOptions.Signing signing : options.signing()) {
                say("b) Pull, %s: %d messages", signing.label(), options.messages());
                pull.put(signing, phase(() -> PullPhase.run(environment, options, signing, keys, out)));
            }
        }
    }

    /** A phase's body; it may block and throw. */
    private interface Phase<T> {
        T run() throws Exception;
    }

    private <T> PhaseOutcome<T> phase(Phase<T> phase) throws InterruptedException {
        try {
            return PhaseOutcome.measured(phase.run());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            say("  phase failed: %s", e);
            e.printStackTrace(System.out);
            return PhaseOutcome.failed(e);
        }
    }

    private void write(String markdown) throws IOException {
        ResultsFile.write(options.output(), BenchmarkOptions.LATEST, markdown);
    }

    private void say(String format, Object... args) {
        out.accept("▶ " + String.format(Locale.ROOT, format, args));
    }
}
