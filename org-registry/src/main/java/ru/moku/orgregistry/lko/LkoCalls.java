package ru.moku.orgregistry.lko;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import ru.moku.orgregistry.OrgRegistryProperties;
import ru.moku.runtime.failure.Failures;

/**
 * Protection of and from ЛКО around one call, from the outside in: retry, circuit breaker, per-attempt timeout.
 * Each operator is applied with {@code transformDeferred}, so every retry passes through all of them again.
 *
 * <p>Two retry budgets, because the seed treats the two differently (seed 000 step 11): unavailability (5xx,
 * timeout, refused connection, open circuit) is retried up to {@code attempts} in all with exponential backoff and
 * jitter; a 422 is retried up to {@code rejection-attempts} in all after a fixed {@code rejection-backoff}. Other
 * 4xx are not retried. Only unavailability counts as a failure for the circuit breaker.
 */
public class LkoCalls {

    private static final String NAME = "lko";

    private final OrgRegistryProperties.Lko settings;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;

    public LkoCalls(OrgRegistryProperties.Lko settings) {
        this.settings = settings;
        OrgRegistryProperties.CircuitBreaker breaker = settings.circuitBreaker();
        this.circuitBreaker = CircuitBreaker.of(NAME, CircuitBreakerConfig.custom()
                .failureRateThreshold(breaker.failureRateThreshold())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .slidingWindowSize(Math.max(100, breaker.minimumCalls()))
                // The default window takes a lock to record a call, and calls end on event loops: lock-free instead.
                .slidingWindowSynchronizationStrategy(
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .waitDurationInOpenState(breaker.openFor())
                .recordException(Failures::isTransient)
                .build());
        this.timeLimiter = TimeLimiter.of(NAME, TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(true)
                .build());
    }

    /** {@code call} (subscribed once per attempt) behind the timeout, circuit breaker and retry. */
    public <T> Mono<T> protect(Mono<T> call) {
        return call
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .onErrorMap(LkoCalls::isLocalUnavailability, this::unavailable)
                .retryWhen(retry());
    }

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** A fresh retry per subscription: the budgets live in the companion, one per {@code retryWhen} subscription. */
    Retry retry() {
        return Retry.from(signals -> {
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger rejections = new AtomicInteger();
            return signals.concatMap(signal -> {
                Duration delay = delayBeforeRetry(signal.failure(), failures, rejections);
                return delay == null ? Mono.error(signal.failure()) : Mono.delay(delay);
            });
        });
    }

    /** The delay before the next attempt, or {@code null} for "no more attempts". */
    private Duration delayBeforeRetry(Throwable error, AtomicInteger failures, AtomicInteger rejections) {
        if (error instanceof LkoFailure.Rejected rejected) {
            return rejected.retryable() && rejections.incrementAndGet() < settings.rejectionAttempts()
                    ? settings.rejectionBackoff() : null;
        }
        if (!Failures.isTransient(error)) {
            return null;
        }
        int failed = failures.incrementAndGet();
        return failed >= settings.attempts() ? null : backoff(failed);
    }

    /** {@code first-backoff · 2^(n-1)}, at most {@code max-backoff}, ± {@code jitter}. */
    Duration backoff(int failedAttempts) {
        long base = settings.firstBackoff().toMillis() << Math.min(failedAttempts - 1, 30);
        long capped = Math.min(Math.max(base, 0), settings.maxBackoff().toMillis());
        double spread = settings.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
    }

    private LkoFailure.Unavailable unavailable(Throwable error) {
        String message = error instanceof TimeoutException
                ? "ЛКО did not answer within " + settings.timeout()
                : "ЛКО's circuit is open: " + error.getMessage();
        return new LkoFailure.Unavailable(message, error);
    }

    /** Our own timeout or open circuit: ЛКО is unavailable as far as the caller is concerned. */
    private static boolean isLocalUnavailability(Throwable error) {
        return error instanceof TimeoutException || error instanceof CallNotPermittedException;
    }
}
