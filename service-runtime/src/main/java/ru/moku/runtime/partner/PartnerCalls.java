package ru.moku.runtime.partner;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import ru.moku.runtime.failure.Backoff;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.failure.OutageWait;

/**
 * Protection of and from one of our own partner services (ПОС.ОС, ЛКО) around one call, from the outside in: retry,
 * circuit breaker, per-attempt timeout. Each operator is applied with {@code transformDeferred}, so every retry
 * passes through all of them again.
 *
 * <p>Two retry budgets, because the seed treats the two differently (seed 000 steps 8–11): unavailability (5xx,
 * timeout, refused connection, open circuit) is retried up to {@code attempts} in all with exponential backoff and
 * jitter; a 422 is retried up to {@code rejection-attempts} in all after a fixed {@code rejection-backoff}. Other
 * 4xx are not retried. Only unavailability counts as a failure for the circuit breaker.
 */
public class PartnerCalls {

    /**
     * What the calls to one partner are allowed: a service's properties record implements it, with its own property
     * names and defaults.
     */
    public interface Settings {

        /** One attempt's timeout. */
        Duration timeout();

        /** Attempts in all while the partner is unavailable. */
        int attempts();

        /** Delay before the second attempt after unavailability; doubles each time. */
        Duration firstBackoff();

        /** Longest delay between attempts. */
        Duration maxBackoff();

        /** Random share (0..1) added to or taken from each delay. */
        double jitter();

        /** Attempts in all while the partner answers 422. */
        int rejectionAttempts();

        /** Delay between attempts answered 422. */
        Duration rejectionBackoff();

        /** Failure rate (%) of calls that opens the circuit. */
        float failureRateThreshold();

        /** Calls in the window before the failure rate counts. */
        int minimumCalls();

        /** How long an open circuit refuses calls. */
        Duration openFor();

        /**
         * How long, in all, a call waits for a circuit that refuses it (open, or half-open with its trial calls
         * taken) before the refusals count against {@link #attempts()}: the caller polls it with the failure backoff.
         * A message being handled stays in flight meanwhile and the rest wait in their queue, instead of each
         * becoming an "unavailable" incident within milliseconds — thousands after a partner's 30-second outage, all
         * re-driven at once when it is back. Zero: a refused call fails at once (counted as one attempt).
         */
        default Duration outageWait() {
            return Duration.ZERO;
        }
    }

    private final String partner;
    private final Settings settings;
    private final CircuitBreaker circuitBreaker;
    private final TimeLimiter timeLimiter;

    /** @param partner the partner's name, for messages and the resilience4j instances */
    public PartnerCalls(String partner, Settings settings) {
        this.partner = partner;
        this.settings = settings;
        this.circuitBreaker = CircuitBreaker.of(partner, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(Math.max(100, settings.minimumCalls()))
                // The default window takes a lock to record a call, and calls end on event loops: lock-free instead.
                .slidingWindowSynchronizationStrategy(
                        CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .waitDurationInOpenState(settings.openFor())
                .recordException(Failures::isTransient)
                .build());
        this.timeLimiter = TimeLimiter.of(partner, TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeout())
                .cancelRunningFuture(true)
                .build());
    }
    /** {@code call} (subscribed once per attempt) behind the timeout, circuit breaker and retry. */
    public <T> Mono<T> protect(Mono<T> call) {
        return call
                .transformDeferred(TimeLimiterOperator.of(timeLimiter))
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker))
                .onErrorMap(PartnerCalls::isLocalUnavailability, this::unavailable)
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
            OutageWait outage = new OutageWait(settings.outageWait(), settings.firstBackoff(), settings.maxBackoff(),
                    settings.jitter());
            return signals.concatMap(signal -> {
                Duration delay = waitForCircuit(signal.failure(), outage);
                if (delay == null) {
                    delay = delayBeforeRetry(signal.failure(), failures, rejections);
                }
                return delay == null ? Mono.error(signal.failure()) : Mono.delay(delay);
            });
        });
    }

    /**
     * The delay before looking at a circuit that refused the call again, while {@code outage-wait} lasts; {@code null}
     * when the call was not refused by the circuit or the wait is used up (then the ordinary budget decides).
     */
    private static Duration waitForCircuit(Throwable error, OutageWait outage) {
        boolean refused = error instanceof PartnerFailure.Unavailable
                && error.getCause() instanceof CallNotPermittedException;
        return refused ? outage.next() : null;
    }

    /** The delay before the next attempt, or {@code null} for "no more attempts". */
    private Duration delayBeforeRetry(Throwable error, AtomicInteger failures, AtomicInteger rejections) {
        if (error instanceof PartnerFailure.Rejected rejected) {
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
        return Backoff.exponential(settings.firstBackoff(), settings.maxBackoff(), settings.jitter(), failedAttempts);
    }

    private PartnerFailure.Unavailable unavailable(Throwable error) {
        String message = error instanceof TimeoutException
                ? partner + " did not answer within " + settings.timeout()
                : partner + "'s circuit is open: " + error.getMessage();
        return new PartnerFailure.Unavailable(message, error);
    }

    /** Our own timeout or open circuit: the partner is unavailable as far as the caller is concerned. */
    private static boolean isLocalUnavailability(Throwable error) {
        return error instanceof TimeoutException || error instanceof CallNotPermittedException;
    }
}
