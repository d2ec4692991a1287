package ru.moku.enrichment.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the enrichment ({@code moku.enrichment.*}). The defaults protect Dadata first: its published
 * per-IP limit is 30 requests/s and ~60 new connections per minute.
 *
 * @param dadata     where and how to call Dadata
 * @param resilience how calls to Dadata are limited, timed out, broken and retried
 * @param cache      how long answers are kept
 * @param requests   how enrichment requests from RabbitMQ are served
 */
@Validated
@ConfigurationProperties("moku.enrichment")
public record EnrichmentProperties(@Valid @NotNull @DefaultValue Dadata dadata,
                                   @Valid @NotNull @DefaultValue Resilience resilience,
                                   @Valid @NotNull @DefaultValue Cache cache,
                                   @Valid @NotNull @DefaultValue Requests requests) {

    /**
     * The Dadata API.
     *
     * @param baseUrl          Dadata's base URL (the simulator's by default)
     * @param apiKey           API key sent as {@code Authorization: Token <key>}
     * @param maxInMemorySize  largest response read; large organisations reach ~300 KB
     * @param maxConnections   connections in the one keep-alive pool
     * @param connectTimeout   TCP connect timeout
     */
    public record Dadata(@NotNull @DefaultValue("http://127.0.0.1:8091") URI baseUrl,
                         @NotBlank @DefaultValue("dadata-simulator-key") String apiKey,
                         @NotNull @DefaultValue("1MB") DataSize maxInMemorySize,
                         @Min(1) @DefaultValue("64") int maxConnections,
                         @NotNull @DefaultValue("2s") Duration connectTimeout) {
    }

    /**
     * Protection of and from Dadata (resilience4j).
     *
     * @param rateLimit            calls per second at most (Dadata's per-IP limit)
     * @param rateLimitWait        longest a call waits for a permit before it fails (transient)
     * @param maxConcurrentCalls   calls in flight at most (bulkhead; a full bulkhead fails at once, transient)
     * @param callTimeout          one attempt's timeout
     * @param maxAttempts          attempts in all for a transient failure (timeout, 5xx)
     * @param firstBackoff         delay before the second attempt; doubles each time
     * @param maxBackoff           longest delay between attempts
     * @param jitter               random share (0..1) added to or taken from each delay
     * @param maxPressureRetries   retries after 429 (pressure, not a failure: they do not count as attempts)
     * @param pressureBackoff      delay after a 429 without {@code Retry-After}
     * @param failureRateThreshold failure rate (%) of calls that opens the circuit
     * @param minimumCalls         calls in the window before the failure rate counts
     * @param slidingWindowSize    the last calls the failure rate is computed over (at least {@code minimum-calls})
     * @param openFor              how long an open circuit (failing partner, or 401/403) refuses calls
     * @param outageWait           how long a lookup refused by a circuit that failures opened waits for it (looking
     *                             again with the failure backoff, no attempt spent) before it fails as
     *                             {@code CIRCUIT_OPEN}; longer than {@code open-for}, so that a lookup waits out one
     *                             open period and the probe after it; zero fails at once
     */
    public record Resilience(@Min(1) @DefaultValue("30") int rateLimit,
                             @NotNull @DefaultValue("30s") Duration rateLimitWait,
                             @Min(1) @DefaultValue("64") int maxConcurrentCalls,
                             @NotNull @DefaultValue("5s") Duration callTimeout,
                             @Min(1) @DefaultValue("3") int maxAttempts,
                             @NotNull @DefaultValue("200ms") Duration firstBackoff,
                             @NotNull @DefaultValue("5s") Duration maxBackoff,
                             @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.5") double jitter,
                             @Min(0) @DefaultValue("5") int maxPressureRetries,
                             @NotNull @DefaultValue("1s") Duration pressureBackoff,
                             @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
                             @Min(1) @DefaultValue("20") int minimumCalls,
                             @Min(1) @DefaultValue("100") int slidingWindowSize,
                             @NotNull @DefaultValue("60s") Duration openFor,
                             @NotNull @DefaultValue("2m") Duration outageWait) {

        @AssertTrue(message = "moku.enrichment.resilience.sliding-window-size must not be less than minimum-calls")
        public boolean isWindowHoldingMinimumCalls() {
            return slidingWindowSize >= minimumCalls;
        }
    }

    /**
     * The PostgreSQL cache of answers (a FAILED answer is stored but never served from the cache).
     *
     * @param foundTtl    how long a FOUND answer is served from the cache
     * @param notFoundTtl how long a NOT_FOUND answer is served from the cache (Dadata may learn the party soon)
     */
    public record Cache(@NotNull @DefaultValue("30d") Duration foundTtl,
                        @NotNull @DefaultValue("1d") Duration notFoundTtl) {
    }

    /**
     * Enrichment requests consumed from RabbitMQ (the runtime's {@code moku.messaging.consumer.*} bounds how many
     * requests are handled at once).
     *
     * @param lookupConcurrency parties of one request looked up at once
     */
    public record Requests(@Min(1) @DefaultValue("4") int lookupConcurrency) {
    }
}
