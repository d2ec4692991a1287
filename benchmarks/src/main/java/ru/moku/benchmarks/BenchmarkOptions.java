package ru.moku.benchmarks;

import static ru.moku.local.CommandLineOptions.duration;
import static ru.moku.local.CommandLineOptions.integer;
import static ru.moku.local.CommandLineOptions.require;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ru.moku.local.CommandLineOptions;

/**
 * Command-line options of {@link IntakeBenchmark}.
 *
 * @param messages        measured SMEV messages per intake phase (push and pull), one card each
 * @param warmup          messages sent before each intake phase and not counted
 * @param concurrency     push requests in flight at once
 * @param pullConcurrency the gateway's pull loops ({@code moku.gateway.pull.concurrency}); 0 = the gateway's default
 * @param perfTestSeconds how long RabbitMQ PerfTest runs
 * @param timeout         how long any one wait may take (a push run, cards to arrive, acks to arrive)
 * @param output          the results file; a copy always goes to {@link #LATEST}
 * @param envelope        the SOAP envelope pushed, its MessageIds replaced per request; rendered if absent
 * @param signing         the intake phases run with SMEV signatures off, on, or both (off first, then on)
 * @param cryptoOperations operations per measurement of the crypto-cost phase; 0 = that phase is skipped
 * @param perfTest        whether the RabbitMQ PerfTest reference runs
 * @param onlyCrypto      run d) crypto cost alone (no platform, no PerfTest)
 * @param help            print the usage and exit
 */
record BenchmarkOptions(int messages, int warmup, int concurrency, int pullConcurrency, int perfTestSeconds,
                        Duration timeout, Path output, Path envelope, List<Signing> signing, int cryptoOperations,
                        boolean perfTest, boolean onlyCrypto, boolean help) {

    /** SMEV signatures in an intake phase: off (nobody signs or verifies) or on (everyone does, as in real SMEV). */
    enum Signing {
        OFF, ON;

        String label() {
            return "signing " + name().toLowerCase(Locale.ROOT);
        }
    }

    /** A stable name for the last results, for links and diffs. */
    static final Path LATEST = Path.of("benchmarks", "results", "latest.md");

    static final String USAGE = """
            Usage: benchmarks/run.sh [options]     (run from anywhere; paths are relative to the repository root)
              --messages=N           measured messages per phase, push and pull (default 5000)
              --warmup=N             messages before each phase, not counted (default 1000)
              --concurrency=C        push requests in flight (default 64)
              --pull-concurrency=L   gateway pull loops (default: the gateway's own default)
              --perftest-seconds=S   RabbitMQ PerfTest duration (default 20)
              --timeout=S            longest any single wait may take, in seconds (default 600)
              --output=FILE          results file (default benchmarks/results/intake-<yyyyMMdd-HHmmss>.md);
                                     a copy is always written to benchmarks/results/latest.md
              --envelope=FILE        SOAP envelope to push (default docs/examples/smev-response.xml;
                                     rendered with the simulators' ServiceDataXml if that file is missing)
              --signing=off|on|both  SMEV signatures in the push and pull phases (default both: each phase runs
                                     with signing off, then on; the report sets them side by side)
              --crypto-operations=N  operations per measurement of d) crypto cost (default 1000; 0 = skip d)
              --no-perftest          skip c) RabbitMQ PerfTest (no ratio then)
              --only-crypto          run d) crypto cost alone: no platform, no PerfTest (a minute)
            """;

    BenchmarkOptions {
        require(messages >= 1 && messages <= 1_000_000, "--messages must be 1..1000000");
        require(warmup >= 0 && warmup <= 100_000, "--warmup must be 0..100000");
        require(concurrency >= 1 && concurrency <= 1_024, "--concurrency must be 1..1024");
        require(pullConcurrency >= 0 && pullConcurrency <= 64, "--pull-concurrency must be 1..64 (the gateway's range)");
        require(perfTestSeconds >= 1 && perfTestSeconds <= 3_600, "--perftest-seconds must be 1..3600");
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(cryptoOperations >= 0 && cryptoOperations <= 1_000_000, "--crypto-operations must be 0..1000000");
        signing = List.copyOf(signing);
        require(!onlyCrypto || cryptoOperations > 0, "--only-crypto needs --crypto-operations above 0");
    }

    static BenchmarkOptions parse(String[] args) {
        Map<String, String> values = CommandLineOptions.parse(args);
        int messages = 5_000;
        int warmup = 1_000;
        int concurrency = 64;
        int pullConcurrency = 0;
        int perfTestSeconds = 20;
        Duration timeout = Duration.ofSeconds(600);
        Path output = Path.of("benchmarks", "results",
                "intake-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Path envelope = Path.of("docs", "examples", "smev-response.xml");
        List<Signing> signing = List.of(Signing.OFF, Signing.ON);
        int cryptoOperations = 1_000;
        boolean perfTest = true;
        boolean onlyCrypto = false;
        boolean help = false;
        for (Map.Entry<String, String> option : values.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "messages" -> messages = integer(option);
                case "warmup" -> warmup = integer(option);
                case "concurrency" -> concurrency = integer(option);
                case "pull-concurrency" -> pullConcurrency = integer(option);
                case "perftest-seconds" -> perfTestSeconds = integer(option);
                case "timeout" -> timeout = Duration.ofSeconds(integer(option));
                case "output" -> output = Path.of(value);
                case "envelope" -> envelope = Path.of(value);
                case "signing" -> signing = switch (value) {
                    case "off" -> List.of(Signing.OFF);
                    case "on" -> List.of(Signing.ON);
                    case "both" -> List.of(Signing.OFF, Signing.ON);
                    default -> throw new IllegalArgumentException("--signing must be off, on or both");
                };
                case "crypto-operations" -> cryptoOperations = integer(option);
                case "no-perftest" -> perfTest = false;
                case "only-crypto" -> onlyCrypto = true;
                case "help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
            }
        }
        return new BenchmarkOptions(messages, warmup, concurrency, pullConcurrency, perfTestSeconds, timeout, output,
                envelope, signing, cryptoOperations, perfTest, onlyCrypto, help);
    }
}
