package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.enrichment.dadata.DadataFailure;

/** The metrics of {@link ResilientCalls} (retries, circuit state, rate-limiter waits) on virtual time. */
class ResilientCallsMetricsUnitTests {

    private static final Duration VERIFY_WITHIN = ResilientCallsUnitTests.VERIFY_WITHIN;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger subscriptions = new AtomicInteger();

    @Test
    void everyRetryOfAFailureIsCountedButNotTheFirstAttempt() {
        ResilientCalls calls = new ResilientCalls(settings(ResilientCallsUnitTests.UNLIMITED, Duration.ofSeconds(30), 20, 5), meters);

        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.Unavailable("Dadata answered 503", 503))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectError(DadataFailure.Unavailable.class)
                .verify(VERIFY_WITHIN);

        assertThat(subscriptions).hasValue(3);
        assertThat(retries("failure")).isEqualTo(2.0);
        assertThat(retries("pressure")).isZero();
    }

    @Test
    void retriesAfterPressureAreCountedApartFromFailures() {
        ResilientCalls calls = new ResilientCalls(settings(ResilientCallsUnitTests.UNLIMITED, Duration.ofSeconds(30), 20, 5), meters);

        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> subscriptions.incrementAndGet() <= 3
                        ? Mono.<String>error(new DadataFailure.Pressure("429", Duration.ofSeconds(1)))
                        : Mono.just("found"))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext("found")
                .expectComplete()
                .verify(VERIFY_WITHIN);

        assertThat(retries("pressure")).isEqualTo(3.0);
        assertThat(retries("failure")).isZero();
    }

    @Test
    void aPermanentFailureCountsNoRetry() {
        ResilientCalls calls = new ResilientCalls(settings(ResilientCallsUnitTests.UNLIMITED, Duration.ofSeconds(30), 20, 5), meters);

        StepVerifier.create(calls.protect(failingWith(new DadataFailure.RequestRejected(400, ""))))
                .expectError(DadataFailure.RequestRejected.class)
                .verify(VERIFY_WITHIN);

        assertThat(retries("failure")).isZero();
        assertThat(retries("pressure")).isZero();
    }

    @Test
    void theStateGaugeShowsTheCircuitOpenedByADenialAndClosedAgainByAReset() {
        ResilientCalls calls = new ResilientCalls(settings(ResilientCallsUnitTests.UNLIMITED, Duration.ofSeconds(30), 20, 5), meters);
        assertThat(circuitState("closed")).isEqualTo(1.0);
        assertThat(circuitState("open")).isZero();

        calls.stopCalling();

        assertThat(circuitState("open")).isEqualTo(1.0);
        assertThat(circuitState("closed")).isZero();

        calls.circuitBreaker().reset();

        assertThat(circuitState("closed")).isEqualTo(1.0);
        assertThat(circuitState("open")).isZero();
    }

    @Test
    void failuresAboveTheThresholdOpenTheCircuitAndTheGaugeShowsIt() {
        // Two calls in the window, both failed: 100 % > 50 %, the third attempt is refused by the open circuit.
        ResilientCalls calls = new ResilientCalls(settings(ResilientCallsUnitTests.UNLIMITED, Duration.ofSeconds(30), 2, 5), meters);

        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.Unavailable("Dadata answered 503", 503))))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectError(CallNotPermittedException.class)
                .verify(VERIFY_WITHIN);

        assertThat(subscriptions).hasValue(2);
        assertThat(retries("failure")).isEqualTo(2.0);
        assertThat(circuitState("open")).isEqualTo(1.0);
        assertThat(circuitState("closed")).isZero();
        assertThat(meters.get("resilience4j.circuitbreaker.not.permitted.calls").tag("name", "dadata")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void anAttemptThatWaitsForAPermitRecordsItsWait() {
        // One call per second, i.e. a permit every 2 s; the supplier takes the cycle's only permit, so the protected
        // call waits for the next cycle. The limiter's cycles run on real time and its wait on virtual time: the wait
        // is what remains of the cycle, nearly 2 s. Only that it is a wait at all is taken for granted here (it would
        // not be if 2 s of real time passed between taking the permit and subscribing); its length is read off the
        // virtual clock, not expected.
        AtomicLong subscribedAt = new AtomicLong();
        AtomicLong calledAt = new AtomicLong();
        StepVerifier.withVirtualTime(() -> {
                    ResilientCalls calls = new ResilientCalls(settings(1, Duration.ofSeconds(30), 20, 5), meters);
                    assertThat(calls.rateLimiter().acquirePermission()).isTrue();
                    return calls.protect(Mono.fromCallable(() -> {
                                calledAt.set(Schedulers.parallel().now(TimeUnit.NANOSECONDS));
                                return subscriptions.incrementAndGet();
                            }))
                            .doOnSubscribe(subscription -> subscribedAt.set(
                                    Schedulers.parallel().now(TimeUnit.NANOSECONDS)));
                })
                .expectSubscription()
                .then(() -> assertThat(subscriptions).as("waiting for a permit").hasValue(0))
                .thenAwait(Duration.ofSeconds(2))
                .expectNext(1)
                .expectComplete()
                .verify(VERIFY_WITHIN);

        long waitedNanos = calledAt.get() - subscribedAt.get();
        assertThat(waitedNanos).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(permitWaits("permitted").count()).isEqualTo(1);
        assertThat(permitWaits("permitted").totalTime(TimeUnit.NANOSECONDS)).isEqualTo((double) waitedNanos);
        assertThat(permitWaits("refused").count()).isZero();
    }

    @Test
    void anAttemptRefusedAPermitIsRecordedAsRefused() {
        ResilientCalls calls = new ResilientCalls(settings(1, Duration.ZERO, 20, 0), meters);
        assertThat(calls.rateLimiter().acquirePermission()).isTrue();

        StepVerifier.create(calls.protect(Mono.fromCallable(() -> subscriptions.incrementAndGet())))
                .expectError(DadataFailure.Pressure.class)
                .verify(VERIFY_WITHIN);

        assertThat(subscriptions).hasValue(0);
        assertThat(permitWaits("refused").count()).isEqualTo(1);
        assertThat(permitWaits("permitted").count()).isZero();
    }

    private double retries(String reason) {
        return meters.get(ResilientCalls.RETRIES_METRIC).tag("reason", reason).counter().count();
    }

    private double circuitState(String state) {
        return meters.get("resilience4j.circuitbreaker.state").tag("name", "dadata").tag("state", state)
                .gauge().value();
    }

    private Timer permitWaits(String result) {
        return meters.get(ResilientCalls.RATE_LIMITER_WAIT_METRIC).tag("result", result).timer();
    }

    private Mono<String> failingWith(RuntimeException error) {
        return Mono.defer(() -> {
            subscriptions.incrementAndGet();
            return Mono.error(error);
        });
    }

    private static EnrichmentProperties.Resilience settings(int rateLimit, Duration rateLimitWait, int minimumCalls,
                                                            int maxPressureRetries) {
        return new EnrichmentProperties.Resilience(rateLimit, rateLimitWait, 64, Duration.ofSeconds(5), 3,
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.0, maxPressureRetries, Duration.ofSeconds(1), 50,
                minimumCalls, 100, Duration.ofSeconds(60), Duration.ZERO);
    }
}
