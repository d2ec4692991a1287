package ru.moku.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The public survey API for ЛКП, the survey front-end ({@code moku.gateway.surveys.*}, seed 000 steps 16–18): what
 * the gateway checks before it routes a request to survey-service, and how it protects itself from a slow one.
 *
 * @param tokenPublicKey   the survey token's public key (EC P-256, X.509 PEM); required, the gateway never holds the private key
 * @param surveyServiceUrl base URL of survey-service; the paths are the same there
 * @param allowedOrigin    the one browser origin (ЛКП) allowed to call the API cross-origin
 * @param maxBodySize      largest request body; a larger one is answered 413
 * @param connectTimeout   how long opening a connection to survey-service may take
 * @param responseTimeout  how long survey-service may take to answer; then 504
 * @param rateLimit        requests per client in a window, counted in Redis across replicas
 * @param circuitBreaker   when to stop calling an unavailable survey-service for a while (503)
 */
@Validated
@ConfigurationProperties("moku.gateway.surveys")
public record SurveyApiProperties(
        @NotBlank(message = "moku.gateway.surveys.token-public-key (env MOKU_GATEWAY_SURVEYS_TOKENPUBLICKEY) is required:"
                + " the PEM public key that verifies survey tokens") String tokenPublicKey,
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI surveyServiceUrl,
        @DefaultValue("http://127.0.0.1:3000") @NotBlank String allowedOrigin,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue("2s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration responseTimeout,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker) {

    /**
     * Per-client rate limit, counted by Spring Cloud Gateway's Redis rate limiter so that every replica sees it: a token
     * bucket per client IP that lets a client make {@code requests} requests in a row and refills at {@code requests}
     * per {@code window} (see {@code TokenBucket}). If Redis cannot be asked (down, slower than {@code redis-timeout}),
     * requests are let through and a warning is logged (fail open): the survey must stay reachable; the circuit
     * breaker still protects survey-service.
     *
     * @param enabled      whether requests are counted at all
     * @param requests     requests one client may make in a row, and per window over a longer time
     * @param window       the period {@code requests} refill over; a client over the limit gets 429 with {@code Retry-After}
     * @param redisTimeout how long one Redis round trip may take before the request is let through uncounted
     * @param keyPrefix    prefix of the clients' keys in Redis (environments and tests sharing one Redis)
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20") @Min(1) @Max(1_000_000) int requests,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration window,
            @DefaultValue("250ms") @NotNull @DurationMin(millis = 1) Duration redisTimeout,
            @DefaultValue("moku:gateway:surveys:rate:") @NotBlank String keyPrefix) {
    }

    /**
     * The circuit breaker in front of survey-service (resilience4j). Connection failures and timeouts count as
     * failures; survey-service's own answers, 5xx included, are passed through.
     *
     * @param failureRateThreshold failed share (%) of calls that opens the circuit
     * @param minimumCalls         calls before the failure rate counts
     * @param slidingWindow        the last calls the failure rate is computed over (at least {@code minimum-calls})
     * @param openFor              how long an open circuit answers 503 without calling
     */
    public record CircuitBreaker(
            @DefaultValue("50") @DecimalMin("1.0") @DecimalMax("100.0") float failureRateThreshold,
            @DefaultValue("10") @Min(1) @Max(10_000) int minimumCalls,
            @DefaultValue("100") @Min(1) @Max(10_000) int slidingWindow,
            @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration openFor) {

        @AssertTrue(message = "moku.gateway.surveys.circuit-breaker.sliding-window must not be smaller than minimum-calls")
        public boolean isSlidingWindowLargeEnough() {
            return slidingWindow >= minimumCalls;
        }
    }

    @AssertTrue(message = "moku.gateway.surveys.survey-service-url must be an absolute http(s) URL")
    public boolean isSurveyServiceUrlHttp() {
        return surveyServiceUrl == null || surveyServiceUrl.isAbsolute()
                && ("http".equals(surveyServiceUrl.getScheme()) || "https".equals(surveyServiceUrl.getScheme()));
    }

    @AssertTrue(message = "moku.gateway.surveys.max-body-size must be between 1KB and 10MB")
    public boolean isMaxBodySizeSensible() {
        return maxBodySize == null
                || maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= DataSize.ofMegabytes(10).toBytes();
    }
}
