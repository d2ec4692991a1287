package ru.moku.benchmarks.enrichment;

import static ru.moku.local.CommandLineOptions.duration;
import static ru.moku.local.CommandLineOptions.integer;
import static ru.moku.local.CommandLineOptions.require;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import ru.moku.local.CommandLineOptions;

/**
 * Command-line options of {@link ru.moku.benchmarks.EnrichmentBenchmark}.
 *
 * @param lookups              measured lookups in phases a (reactive) and c (blocking), one new ИНН each
 * @param warmup               lookups before phases a and c, not counted
 * @param latency              the simulator's fixed latency of every answer
 * @param concurrency          lookups in flight in phase a; our rate limiter is lifted, bulkhead and connections set to this
 * @param throttledSeconds     how long phase b runs
 * @param rateLimit            phase b: our resilience4j limit and the simulator's 429 threshold, requests/s (Dadata's 30)
 * @param throttledConcurrency lookups in flight in phase b (the enrichment's default bulkhead and connection pool)
 * @param blockingThreads      phase c's fixed thread pool, one blocking request per thread; 0 = {@code concurrency}
 * @param timeout              how long any one phase may take
 * @param output               the results file; a copy always goes to {@link #LATEST}
 * @param help                 print the usage and exit
 * @param rounds               d) alternating rounds at equal warm-up (blocking, then reactive, per round); 0 = skip d)
 */
public record EnrichmentOptions(int lookups, int warmup, Duration latency, int concurrency, int throttledSeconds,
                                int rateLimit, int throttledConcurrency, int blockingThreads, Duration timeout,
                                Path output, boolean help, int rounds) {

    /** A stable name for the last results, for links and diffs. */
    public static final Path LATEST = Path.of("benchmarks", "results", "enrichment-latest.md");

    public static final String USAGE = """
            Usage: benchmarks/run.sh enrichment [options]   (run from anywhere; paths are relative to the repository root)
              --lookups=N                measured lookups in a) reactive and c) blocking (default 20000)
              --warmup=N                 lookups before a) and c), not counted (default 5000)
              --latency=D                the Dadata simulator's latency, e.g. 100ms, 1s, PT0.25S (default 100ms)
              --concurrency=C            a) lookups in flight; connections and bulkhead the same, rate limit lifted (default 512)
              --throttled-seconds=S      b) duration (default 20)
              --rate-limit=R             b) our rate limiter and the simulator's 429 threshold, requests/s (default 30)
              --throttled-concurrency=C  b) lookups in flight (default 64: the enrichment's bulkhead and pool)
              --blocking-threads=T       c) blocking threads, one request in flight each (default: --concurrency)
              --rounds=R                 d) alternating rounds after warming both clients: blocking, reactive,
                                         blocking, reactive… --lookups each (default 3; 0 = skip d)
              --timeout=S                longest a phase may take, in seconds (default 600)
              --output=FILE              results file (default benchmarks/results/enrichment-<yyyyMMdd-HHmmss>.md);
                                         a copy is always written to benchmarks/results/enrichment-latest.md
            """;

    public EnrichmentOptions {
        require(lookups >= 1 && lookups <= 1_000_000, "--lookups must be 1..1000000");
        require(warmup >= 0 && warmup <= 100_000, "--warmup must be 0..100000");
        require(!latency.isNegative() && latency.compareTo(Duration.ofSeconds(10)) <= 0, "--latency must be 0..10s");
        require(concurrency >= 1 && concurrency <= 4_096, "--concurrency must be 1..4096");
        require(throttledSeconds >= 1 && throttledSeconds <= 3_600, "--throttled-seconds must be 1..3600");
        require(rateLimit >= 1 && rateLimit <= 10_000, "--rate-limit must be 1..10000");
        require(throttledConcurrency >= 1 && throttledConcurrency <= 4_096, "--throttled-concurrency must be 1..4096");
        require(blockingThreads >= 0 && blockingThreads <= 4_096, "--blocking-threads must be 1..4096");
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(rounds >= 0 && rounds <= 20, "--rounds must be 0..20");
        blockingThreads = blockingThreads == 0 ? concurrency : blockingThreads;
    }

    public static EnrichmentOptions parse(String[] args) {
        Map<String, String> values = CommandLineOptions.parse(args);
        int lookups = 20_000;
        int warmup = 5_000;
        Duration latency = Duration.ofMillis(100);
        int concurrency = 512;
        int throttledSeconds = 20;
        int rateLimit = 30;
        int throttledConcurrency = 64;
        int blockingThreads = 0;
        Duration timeout = Duration.ofSeconds(600);
        Path output = Path.of("benchmarks", "results",
                "enrichment-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        boolean help = false;
        int rounds = 3;
        for (Map.Entry<String, String> option : values.entrySet()) {
            switch (option.getKey()) {
                case "lookups" -> lookups = integer(option);
                case "warmup" -> warmup = integer(option);
                case "latency" -> latency = duration(option);
                case "concurrency" -> concurrency = integer(option);
                case "throttled-seconds" -> throttledSeconds = integer(option);
                case "rate-limit" -> rateLimit = integer(option);
                case "throttled-concurrency" -> throttledConcurrency = integer(option);
                case "blocking-threads" -> blockingThreads = integer(option);
                case "timeout" -> timeout = Duration.ofSeconds(integer(option));
                case "output" -> output = Path.of(option.getValue());
                case "help" -> help = true;
                case "rounds" -> rounds = integer(option);
                default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
            }
        }
        return new EnrichmentOptions(lookups, warmup, latency, concurrency, throttledSeconds, rateLimit,
                throttledConcurrency, blockingThreads, timeout, output, help, rounds);
    }
}
