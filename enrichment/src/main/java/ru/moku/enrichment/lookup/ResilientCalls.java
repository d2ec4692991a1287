package ru.moku.enrichment.lookup;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import ru.moku.enrichment.dadata.DadataFailure;
import ru.moku.runtime.failure.Failures;

/**
 * Protection of and from Dadata around one call, in this order from the outside in: retry (transient
 * failures only, exponential backoff with jitter; 429 waits {@code Retry-After} on a budget of its own),
 * rate limiter, bulkhead, circuit breaker, per-attempt timeout. Every operator is applied with
 * {@code transformDeferred} so that each retry subscribes through all of them again.
 */
public class ResilientCalls {

    private final EnrichmentProperties.Resilience settings;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;
    private final AtomicBoolean accessDenialReported = new AtomicBoolean();

    public ResilientCalls(EnrichmentProperties.Resilience settings) {
        this.settings = settings;
        this.rateLimiter = RateLimiter.of("dadata", RateLimiterConfig.custom()
                .limitForPeriod(settings.rateLimit())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(settings.rateLimitWait())
                .build());
        // No waiting for a bulkhead slot: resilience4j would wait on a semaphore, i.e. block an event loop.
        this.bulkhead = Bulkhead.of("dadata", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.circuitBreaker = CircuitBreaker.of("dadata", CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(Math.max(100, settings.minimumCalls()))
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
        this.timeLimiter = TimeLimiter.of("dadata", TimeLimiterConfig.custom()
                .timeoutDuration(settings.callTimeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** {@code call} (subscribed once per attempt) behind the limiter, bulkhead, circuit breaker, timeout and retry. */
    public <T> Mono<T> protect(Mono<T> call) {
        return call
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .transformDeferred(RateLimiterOperator.of(rateLimiter))
                .onErrorMap(ResilientCalls::isLocalPressure,
                        error -> new DadataFailure.Pressure("our own limit: " + error.getMessage(), null))
                .retryWhen(retry());
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

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** A fresh retry per subscription: the counters live in the companion, one per {@code retryWhen} subscription. */
    Retry retry() {
        return Retry.from(signals -> {
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger pressures = new AtomicInteger();
            return signals.concatMap(signal -> {
                Duration delay = delayBeforeRetry(signal.failure(), failures, pressures);
                return delay == null ? Mono.error(signal.failure()) : Mono.delay(delay);
            });
        });
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
        long base = settings.firstBackoff().toMillis() << Math.min(failedAttempts - 1, 30);
        long capped = Math.min(Math.max(base, 0), settings.maxBackoff().toMillis());
        double spread = settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
    }

    private static boolean isLocalPressure(Throwable error) {
        return error instanceof RequestNotPermitted || error instanceof BulkheadFullException;
    }
}
