package ru.moku.enrichment.lookup;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.runtime.failure.Backoff;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.failure.OutageWait;

/**
 * Protection of and from Dadata around one call, in this order from the outside in: retry (transient
 * failures only, exponential backoff with jitter; 429 waits {@code Retry-After} on a budget of its own),
 * rate limiter, bulkhead, circuit breaker, per-attempt timeout. Every operator is applied with
 * {@code transformDeferred} so that each retry subscribes through all of them again.
 *
 * <p>A call refused by the open circuit looks again, with the failure backoff, for up to {@code outage-wait} without
 * spending an attempt: an outage of Dadata holds the lookups in flight (the rest of the queue waits in RabbitMQ) and
 * they go on once the circuit lets calls through, instead of every lookup that arrives during the outage failing
 * within milliseconds as {@code CIRCUIT_OPEN}. A circuit opened because Dadata refused our key (401/403) is not
 * waited for: that needs an operator, and the lookups fail at once as before.
 *
 * <p>Metrics: resilience4j's own ({@code resilience4j.circuitbreaker.*} with the state gauge,
 * {@code resilience4j.ratelimiter.*}, {@code resilience4j.bulkhead.*}, {@code resilience4j.timelimiter.*}, all
 * tagged {@code name=dadata}), plus {@value #RETRIES_METRIC} and {@value #RATE_LIMITER_WAIT_METRIC}.
 */
public class ResilientCalls {

    /** Counter of retries (attempts after the first) by {@code reason}: {@code failure} or {@code pressure}. */
    public static final String RETRIES_METRIC = "moku.enrichment.dadata.retries";
    /**
     * Timer of the wait for a rate-limiter permit, one per attempt, by {@code result}: {@code permitted} (the
     * attempt went on, after the recorded wait) or {@code refused} (no permit within {@code rate-limit-wait}).
     */
    public static final String RATE_LIMITER_WAIT_METRIC = "moku.enrichment.ratelimiter.wait";

    private static final String NAME = "dadata";
    /** The permit-wait histogram's lowest bucket: at 30 calls/s permits are ~34 ms apart. */
    private static final Duration SHORTEST_EXPECTED_WAIT = Duration.ofMillis(1);
    /** The permit-wait histogram's highest bucket: above the default {@code rate-limit-wait} of 30 s. */
    private static final Duration LONGEST_EXPECTED_WAIT = Duration.ofSeconds(60);

    private final EnrichmentProperties.Resilience settings;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    private final AtomicBoolean accessDenialReported = new AtomicBoolean();
    private final Counter failureRetries;
    private final Counter pressureRetries;
    private final Timer permittedWaits;
    private final Timer refusedWaits;

    /** Calls whose metrics stay in a registry of their own (tools, benchmarks). */
    public ResilientCalls(EnrichmentProperties.Resilience settings) {
        this(settings, new SimpleMeterRegistry());
    }

    public ResilientCalls(EnrichmentProperties.Resilience settings, MeterRegistry meters) {
        this.settings = settings;
        // A registry per kind only so that resilience4j-micrometer can bind the instances (it binds registries).
        RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
        BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
        CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.ofDefaults();
        // One permit at a time, evenly spaced: N permits released together at the start of each second would reach
        // Dadata as bursts, and two bursts a little less than a second apart break its limit on any sliding second.
        this.rateLimiter = rateLimiters.rateLimiter(NAME, RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(permitSpacing(settings.rateLimit()))
                .timeoutDuration(settings.rateLimitWait())
                .build());
        // No waiting for a bulkhead slot: resilience4j would wait on a semaphore, i.e. block an event loop.
        this.bulkhead = bulkheads.bulkhead(NAME, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.circuitBreaker = circuitBreakers.circuitBreaker(NAME, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(settings.slidingWindowSize())
                // The default window takes a lock to record a call, and calls end on event loops: lock-free instead.
                .slidingWindowSynchronizationStrategy(
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .waitDurationInOpenState(settings.openFor())
                // Pressure (429) and refused requests say nothing about Dadata's health; its failures and a closed door do.
                .recordException(error -> error instanceof DadataFailure.AccessDenied
                        || Failures.isTransient(error) && !(error instanceof DadataFailure.Pressure))
                .build());
        this.circuitBreaker.getEventPublisher()
                .onStateTransition(event -> {
                    if (event.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                        accessDenialReported.set(false);
                    }
                })
                .onReset(event -> accessDenialReported.set(false));
        this.timeLimiter = timeLimiters.timeLimiter(NAME, TimeLimiterConfig.custom()
                .timeoutDuration(settings.callTimeout())
                .cancelRunningFuture(true)
                .build());

        TaggedRateLimiterMetrics.ofRateLimiterRegistry(rateLimiters).bindTo(meters);
        TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers).bindTo(meters);
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(timeLimiters).bindTo(meters);
        this.failureRetries = retries(meters, "failure");
        this.pressureRetries = retries(meters, "pressure");
        this.permittedWaits = permitWait(meters, "permitted");
        this.refusedWaits = permitWait(meters, "refused");
    }

    /** {@code call} (subscribed once per attempt) behind the limiter, bulkhead, circuit breaker, timeout and retry. */
    public <T> Mono<T> protect(Mono<T> call) {
        Mono<T> guarded = call
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(BulkheadOperator.of(bulkhead));
        return Mono.defer(() -> behindRateLimiter(guarded))
                .onErrorMap(ResilientCalls::isLocalPressure,
                        error -> DadataFailure.Pressure.ownLimit("our own limit: " + error.getMessage()))
                .retryWhen(retry());
    }

    /**
     * {@code guarded} behind the rate limiter, timing the wait for its permit. resilience4j's reactor operator
     * waits with a {@code Mono.delay} and has no waiting thread to count, so its own metrics cannot show the wait.
     * It is measured on the clock of the scheduler that delays (Reactor's parallel one; virtual in tests).
     */
    private <T> Mono<T> behindRateLimiter(Mono<T> guarded) {
        long asked = now();
        return Mono.defer(() -> {
                    permittedWaits.record(since(asked), TimeUnit.NANOSECONDS);
                    return guarded;
                })
                .transformDeferred(RateLimiterOperator.of(rateLimiter))
                .doOnError(RequestNotPermitted.class,
                        refusal -> refusedWaits.record(since(asked), TimeUnit.NANOSECONDS));
    }

    /**
     * Stops calling Dadata after 401/403 (the circuit opens for {@code open-for}).
     *
     * @return whether this is the first denial since the circuit was last closed: the one to report
     */
    public boolean stopCalling() {
        try {
            if (circuitBreaker.getState() != CircuitBreaker.State.OPEN) {
                circuitBreaker.transitionToOpenState();
            }
        } catch (IllegalStateTransitionException concurrentlyOpened) {
            // Another call opened it at the same moment: the circuit is open, which is all that matters.
        }
        return accessDenialReported.compareAndSet(false, true);
    }

    /** One attempt's timeout. */
    public Duration callTimeout() {
        return settings.callTimeout();
    }

    /** How long an open circuit refuses calls. */
    public Duration openFor() {
        return settings.openFor();
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /**
     * The time between two permits for at most {@code rateLimit} calls in <em>any</em> second, as Dadata counts:
     * with a permit every {@code 1 s / (N − 1)}, N + 1 permits span more than a second by a whole spacing (≈ 34 ms
     * at 30/s) — slack for the jitter of sending (a half spacing proved too little while the JVM warms up); the
     * average is N − 1 calls a second (97 % of 30/s). A limit of 1 gets a permit every 2 s.
     */
    static Duration permitSpacing(int rateLimit) {
        return Duration.ofNanos((long) Math.ceil(1_000_000_000.0 / Math.max(rateLimit - 1, 0.5)));
    }

    /** A fresh retry per subscription: the counters live in the companion, one per {@code retryWhen} subscription. */
    Retry retry() {
        return Retry.from(signals -> {
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger pressures = new AtomicInteger();
            OutageWait outage = new OutageWait(settings.outageWait(), settings.firstBackoff(), settings.maxBackoff(),
                    settings.jitter());
            return signals.concatMap(signal -> {
                Duration refused = waitForCircuit(signal.failure(), outage);
                if (refused != null) {
                    return Mono.delay(refused);
                }
                Duration delay = delayBeforeRetry(signal.failure(), failures, pressures);
                if (delay == null) {
                    return Mono.error(signal.failure());
                }
                (signal.failure() instanceof DadataFailure.Pressure ? pressureRetries : failureRetries).increment();
                return Mono.delay(delay);
            });
        });
    }

    /**
     * The delay before looking at a circuit that refused the call again, while {@code outage-wait} lasts; {@code null}
     * when the circuit did not refuse it, was opened by a refused key, or the wait is used up (then the call fails).
     */
    private Duration waitForCircuit(Throwable error, OutageWait outage) {
        return error instanceof CallNotPermittedException && !accessDenialReported.get() ? outage.next() : null;
    }

    /** The delay before the next attempt, or {@code null} for "no more attempts". */
    private Duration delayBeforeRetry(Throwable error, AtomicInteger failures, AtomicInteger pressures) {
        if (error instanceof DadataFailure.Pressure pressure) {
            return pressures.incrementAndGet() > settings.maxPressureRetries() ? null
                    : pressure.retryAfter().orElse(settings.pressureBackoff());
        }
        if (!Failures.isTransient(error)) {
            return null;
        }
        int failed = failures.incrementAndGet();
        return failed >= settings.maxAttempts() ? null : backoff(failed);
    }

    /** {@code first-backoff · 2^(n-1)}, at most {@code max-backoff}, ± {@code jitter}. */
    Duration backoff(int failedAttempts) {
        return Backoff.exponential(settings.firstBackoff(), settings.maxBackoff(), settings.jitter(), failedAttempts);
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds since {@code start}; the scheduler's clock is the wall clock, which may step back. */
    private static long since(long start) {
        return Math.max(0, now() - start);
    }

    private static Counter retries(MeterRegistry meters, String reason) {
        return Counter.builder(RETRIES_METRIC)
                .description("Attempts at Dadata after the first, by reason: failure (timeout, 5xx) or pressure (429)")
                .tag("reason", reason)
                .register(meters);
    }

    private static Timer permitWait(MeterRegistry meters, String result) {
        return Timer.builder(RATE_LIMITER_WAIT_METRIC)
                .description("Wait of an attempt at Dadata for a permit of the rate limiter")
                .tag("name", NAME)
                .tag("result", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(SHORTEST_EXPECTED_WAIT)
                .maximumExpectedValue(LONGEST_EXPECTED_WAIT)
                .register(meters);
    }

    private static boolean isLocalPressure(Throwable error) {
        return error instanceof RequestNotPermitted || error instanceof BulkheadFullException;
    }
}
