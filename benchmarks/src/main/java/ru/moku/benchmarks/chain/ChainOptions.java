package ru.moku.benchmarks.chain;

import static ru.moku.local.CommandLineOptions.duration;
import static ru.moku.local.CommandLineOptions.integer;
import static ru.moku.local.CommandLineOptions.require;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import ru.moku.local.CommandLineOptions;

/**
 * Command-line options of {@link ChainBenchmark} ({@code benchmarks/run.sh chain|backlog}).
 *
 * @param mode          chain (warm-up, idle baseline, N cards measured) or backlog (N queued before the services start)
 * @param cards         measured cards (SMEV messages of one card each)
 * @param warmup        cards before the measured run, not counted (chain only)
 * @param replicas      OS processes per service
 * @param signing       SMEV signatures (GOST) on: the simulator signs, the gateway signs and verifies
 * @param dadataLatency the Dadata simulator's fixed latency per request
 * @param poolMax       {@code spring.r2dbc.pool.max-size} of every service (PostgreSQL connections are shared)
 * @param serviceHeap   {@code -Xmx} of every service's JVM (null: ProcessCluster's default)
 * @param simulatorHeap {@code -Xmx} of the SMEV simulator's JVM (null: ProcessCluster's default)
 * @param idle          how long the idle baseline is read (chain: after the warm-up, before the measured run)
 * @param sample        how often heaps, queue depths and progress are sampled
 * @param timeout       how long the measured run (the drain) may take
 * @param output        the results file; a copy goes to the mode's "latest" file
 * @param pushConcurrency intake-processes: requests in flight while pushing (the peak phase; the half-peak phase allows
 *                      as many, to queue behind if the gateway falls behind)
 * @param quickJit      every JVM compiled by C1 alone ({@code -XX:TieredStopAtLevel=1}, as the local run starts them:
 *                      quick to start, more CPU per card); false = the JVM's full tiered compilation, as deployed
 * @param help          print the usage and exit
 */
record ChainOptions(Mode mode, int cards, int warmup, int replicas, boolean signing, Duration dadataLatency,
                    int poolMax, String serviceHeap, String simulatorHeap, Duration idle, Duration sample,
                    Duration timeout, Path output, int pushConcurrency, boolean quickJit, boolean help) {

    enum Mode {
        CHAIN, BACKLOG,
        /** Only the intake's processes (SMEV simulator, token issuer, card-processor, gateway): pull, push, half-peak. */
        INTAKE_PROCESSES;

        /** As on the command line and in the results' file names. */
        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** In the run's database and RabbitMQ/Kafka names. */
        String nameLabel() {
            return name().toLowerCase(Locale.ROOT).replace("_", "");
        }

        static Mode of(String label) {
            for (Mode mode : values()) {
                if (mode.label().equals(label)) {
                    return mode;
                }
            }
            return null;
        }
    }

    static final String USAGE = """
            Usage: benchmarks/run.sh chain [options]     the whole chain to LINK_SENT, every service its own process
                   benchmarks/run.sh backlog [options]   P4: N cards queued in the SMEV simulator, drained at -Xmx256m
                   benchmarks/run.sh intake-processes [options]
                                                         intake only (gateway + card-processor as processes): pull,
                                                         push at its peak, push at half the peak (p50/p99)
              --cards=N              measured cards (chain default 5000; backlog default 1000000)
              --warmup=N             chain: cards before the measured run, not counted (default 500)
              --replicas=R           OS processes per service (default 1)
              --signing=off|on       SMEV signatures (default off)
              --dadata-latency=D     the Dadata simulator's latency per request (default 50ms)
              --pool-max=P           spring.r2dbc.pool.max-size of every service (default 4)
              --service-heap=S       -Xmx of every service (chain default: ProcessCluster's 384m; backlog default 256m)
              --simulator-heap=S     -Xmx of the SMEV simulator (chain default 384m; backlog default 2g)
              --idle-seconds=S       chain: idle baseline length, read before the measured run (default 15)
              --sample-seconds=S     heap / queue-depth / progress sampling interval (default 2; backlog 5)
              --timeout=S            longest the measured run may take, in seconds (chain 1800; backlog 14400)
              --push-concurrency=C   intake-processes: pushes in flight (default 32)
              --jit=full|quick       full: the JVMs compile as deployed (C1 then C2; default); quick: C1 only,
                                     as the local run starts them (quicker start, more CPU per card)
              --output=FILE          results file (default benchmarks/results/<mode>-<yyyyMMdd-HHmmss>.md);
                                     a copy goes to benchmarks/results/<mode>-latest.md
            """;

    ChainOptions {
        require(cards >= 1 && cards <= 2_000_000, "--cards must be 1..2000000");
        require(warmup >= 0 && warmup <= 100_000, "--warmup must be 0..100000");
        require(replicas >= 1 && replicas <= 4, "--replicas must be 1..4");
        require(poolMax >= 1 && poolMax <= 20, "--pool-max must be 1..20");
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        require(pushConcurrency >= 1 && pushConcurrency <= 1024, "--push-concurrency must be 1..1024");
    }

    Path latest() {
        return Path.of("benchmarks", "results", mode.label() + "-latest.md");
    }

    static ChainOptions parse(Mode mode, String[] args) {
        Map<String, String> values = CommandLineOptions.parse(args);
        boolean backlog = mode == Mode.BACKLOG;
        int cards = backlog ? 1_000_000 : 5_000;
        int warmup = backlog ? 0 : 500;
        int replicas = 1;
        boolean signing = false;
        Duration latency = Duration.ofMillis(50);
        int poolMax = 4;
        String serviceHeap = backlog ? "256m" : null;
        String simulatorHeap = backlog ? "2g" : null;
        Duration idle = Duration.ofSeconds(15);
        Duration sample = Duration.ofSeconds(backlog ? 5 : 2);
        Duration timeout = Duration.ofSeconds(backlog ? 14_400 : 1_800);
        Path output = Path.of("benchmarks", "results", mode.label() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        int pushConcurrency = 32;
        boolean quickJit = false;
        boolean help = false;
        for (Map.Entry<String, String> option : values.entrySet()) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "cards" -> cards = integer(option);
                case "warmup" -> warmup = integer(option);
                case "replicas" -> replicas = integer(option);
                case "signing" -> signing = switch (value) {
                    case "off" -> false;
                    case "on" -> true;
                    default -> throw new IllegalArgumentException("--signing must be off or on");
                };
                case "dadata-latency" -> latency = duration(option);
                case "pool-max" -> poolMax = integer(option);
                case "service-heap" -> serviceHeap = value;
                case "simulator-heap" -> simulatorHeap = value;
                case "idle-seconds" -> idle = Duration.ofSeconds(integer(option));
                case "sample-seconds" -> sample = Duration.ofSeconds(integer(option));
                case "timeout" -> timeout = Duration.ofSeconds(integer(option));
                case "output" -> output = Path.of(value);
                case "push-concurrency" -> pushConcurrency = integer(option);
                case "jit" -> quickJit = switch (value) {
                    case "full" -> false;
                    case "quick" -> true;
                    default -> throw new IllegalArgumentException("--jit must be full or quick");
                };
                case "help" -> help = true;
                default -> throw new IllegalArgumentException("unknown option --" + option.getKey());
            }
        }
        return new ChainOptions(mode, cards, backlog ? 0 : warmup, replicas, signing, latency, poolMax, serviceHeap,
                simulatorHeap, idle, sample, timeout, output, pushConcurrency, quickJit, help);
    }
}
