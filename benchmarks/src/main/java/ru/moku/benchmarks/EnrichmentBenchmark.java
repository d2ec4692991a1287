package ru.moku.benchmarks;

import ru.moku.benchmarks.enrichment.EnrichmentOptions;
import ru.moku.benchmarks.enrichment.EnrichmentRun;

/**
 * The enrichment benchmark (not a test; {@code benchmarks/run.sh enrichment} runs it): ОКТМО lookups per
 * second (ОКТМО: the municipality code the enrichment adds to a card) through the enrichment's Dadata client
 * against the Dadata simulator at a fixed latency. Phases, in package {@code enrichment}:
 * <ol>
 *   <li>reactive, unthrottled ({@code DadataClient} + {@code ResilientCalls}, rate limit lifted): target ≥ 2,000 lookups/s;</li>
 *   <li>reactive, throttled at Dadata's 30/s, the simulator answering 429 above it: target ≥ 95 % of the quota, no 429;</li>
 *   <li>the same lookups on a blocking thread pool with as many requests in flight: the ratio a ÷ c.</li>
 * </ol>
 * Needs neither PostgreSQL nor RabbitMQ. Exit code 0 when every phase measured everything, 1 when one did
 * not, 64 for bad options; a missed target does not change it (a finding, not a failure of the run).
 */
public final class EnrichmentBenchmark {

    private EnrichmentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        EnrichmentOptions options;
        try {
            options = EnrichmentOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(EnrichmentOptions.USAGE);
            System.exit(64);
            return;
        }
        if (options.help()) {
            System.out.println(EnrichmentOptions.USAGE);
            return;
        }
        System.exit(new EnrichmentRun(options, System.out::println).run());
    }
}
