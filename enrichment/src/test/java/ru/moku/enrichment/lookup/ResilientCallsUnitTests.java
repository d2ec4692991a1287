package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.enrichment.dadata.DadataFailure;

/** Retry, backoff, timeout and circuit of {@link ResilientCalls}, on virtual time (no real waiting). */
class ResilientCallsUnitTests {

    /**
     * A permit every 2 ns: the limiter never makes these tests wait (its cycles run on real time, which virtual time
     * does not move, so a permit wait would stall them).
     */
    static final int UNLIMITED = 1_000_000_000;
    /** A ceiling only: on virtual time these run in milliseconds, a loaded machine just makes them slower. */
    static final Duration VERIFY_WITHIN = Duration.ofSeconds(30);

    private final AtomicInteger subscriptions = new AtomicInteger();

    @Test
    void permitsAreSpacedSoThatNoSlidingSecondHoldsMoreThanTheRateLimit() {
        for (int rateLimit = 1; rateLimit <= 200; rateLimit++) {
            long spacing = ResilientCalls.permitSpacing(rateLimit).toNanos();
            // Permits at 0, s, 2s, …: a closed one-second window holds floor(1 s / s) + 1 of them at most.
            long mostInAnySecond = 1_000_000_000L / spacing + 1;
            // …and still so when a send is late by less than one spacing (from 2 calls a second on).
            long mostWithJitter = (1_000_000_000L + spacing - 1) / spacing + 1;
            if (rateLimit >= 2) {
                assertThat(mostWithJitter).as("permits in a second, sends late by < a spacing, at " + rateLimit)
                        .isLessThanOrEqualTo(rateLimit);
            }
            assertThat(mostInAnySecond).as("permits in a second at rate-limit " + rateLimit).isLessThanOrEqualTo(rateLimit);
        }
        assertThat(1e9 / ResilientCalls.permitSpacing(30).toNanos()).as("average at Dadata's 30/s").isGreaterThan(28.9);
    }

    @Test
    void aTransientFailureIsTriedThreeTimesInAllWithDoublingBackoff() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.Unavailable("Dadata answered 503", 503))))
                .expectSubscription()
                .then(() -> assertThat(subscriptions).hasValue(1))
                .expectNoEvent(Duration.ofMillis(199))
                .then(() -> assertThat(subscriptions).hasValue(1))
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(subscriptions).hasValue(2))
                .expectNoEvent(Duration.ofMillis(399))
                .then(() -> assertThat(subscriptions).hasValue(2))
                .thenAwait(Duration.ofMillis(1))
                .expectError(DadataFailure.Unavailable.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(3);
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.RequestRejected(400, ""))))
                .expectSubscription()
                .expectError(DadataFailure.RequestRejected.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void aSilentPartnerTimesOutEachAttemptAndIsTriedThreeTimes() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(1), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> {
                    subscriptions.incrementAndGet();
                    return Mono.<String>never();
                })))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1000 + 200 + 1000 + 400 + 999))
                .then(() -> assertThat(subscriptions).hasValue(3))
                .thenAwait(Duration.ofMillis(1))
                .expectError(TimeoutException.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(3);
    }

    @Test
    void aRecoveredPartnerAnswersOnTheSecondAttempt() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> subscriptions.incrementAndGet() == 1
                        ? Mono.error(new DadataFailure.Unavailable("Dadata answered 502", 502))
                        : Mono.just("found"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(200))
                .expectNext("found")
                .expectComplete()
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(2);
    }

    @Test
    void pressureWaitsForRetryAfterAndDoesNotSpendAnAttempt() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> {
                    int attempt = subscriptions.incrementAndGet();
                    return attempt <= 3
                            ? Mono.error(new DadataFailure.Pressure("429", Duration.ofSeconds(2)))
                            : Mono.just("found");
                })))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1999))
                .then(() -> assertThat(subscriptions).hasValue(1))
                .thenAwait(Duration.ofMillis(1))
                .then(() -> assertThat(subscriptions).hasValue(2))
                .thenAwait(Duration.ofSeconds(4))
                .expectNext("found")
                .expectComplete()
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(4);
    }

    @Test
    void pressureWithoutRetryAfterWaitsThePressureBackoff() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> subscriptions.incrementAndGet() == 1
                        ? Mono.error(new DadataFailure.Pressure("429", null))
                        : Mono.just("found"))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("found")
                .expectComplete()
                .verify(VERIFY_WITHIN);
    }

    @Test
    void afterAccessIsDeniedTheCircuitRefusesCallsWithoutSubscribingAndReportsOnce() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));

        assertThat(calls.stopCalling()).isTrue();
        assertThat(calls.stopCalling()).isFalse();

        StepVerifier.create(calls.protect(failingWith(new DadataFailure.Unavailable("Dadata answered 503", 503))))
                .expectError(CallNotPermittedException.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(0);

        calls.circuitBreaker().reset();
        assertThat(calls.stopCalling()).isTrue();
    }

    @Test
    void aLookupRefusedByTheOpenCircuitWaitsForItWithoutSpendingAnAttemptAndGoesOnOnceItCloses() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));
        calls.circuitBreaker().transitionToOpenState();

        // Looks again after 200, 400, 800, 1600, 3200, 5000, … ms: at 0.2, 0.6, 1.4, 3.0, 6.2, 11.2 s.
        StepVerifier.withVirtualTime(() -> calls.protect(Mono.defer(() -> {
                    subscriptions.incrementAndGet();
                    return Mono.just("found");
                })))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(10))
                .then(() -> assertThat(subscriptions).as("Dadata not asked while the circuit is open").hasValue(0))
                .then(() -> calls.circuitBreaker().transitionToClosedState())
                .expectNoEvent(Duration.ofMillis(1199))
                .thenAwait(Duration.ofMillis(1))
                .expectNext("found")
                .expectComplete()
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(1);
    }

    @Test
    void aLookupStillRefusedWhenTheOutageWaitIsUsedUpFailsAsCircuitOpen() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0, Duration.ofSeconds(30)));
        calls.circuitBreaker().transitionToOpenState();

        // Waits of 200 ms … 5 s add up to 26.2 s; one more 5 s would pass the 30 s: it fails then.
        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.Unavailable("503", 503))))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(26_199))
                .thenAwait(Duration.ofMillis(1))
                .expectError(CallNotPermittedException.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(0);
    }

    @Test
    void withoutAnOutageWaitAnOpenCircuitFailsTheLookupAtOnce() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0, Duration.ZERO));
        calls.circuitBreaker().transitionToOpenState();

        assertRefusedAtOnceWithoutCallingDadata(calls);
    }

    @Test
    void aCircuitOpenedByARefusedKeyIsNotWaitedFor() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.0));
        calls.stopCalling();

        assertRefusedAtOnceWithoutCallingDadata(calls);
    }

    /** No virtual time passes: a wait of any length would leave the verifier without the error. */
    private void assertRefusedAtOnceWithoutCallingDadata(ResilientCalls calls) {
        StepVerifier.withVirtualTime(() -> calls.protect(failingWith(new DadataFailure.Unavailable("503", 503))))
                .expectSubscription()
                .expectError(CallNotPermittedException.class)
                .verify(VERIFY_WITHIN);
        assertThat(subscriptions).hasValue(0);
    }

    @Test
    void backoffDoublesIsCappedAndStaysWithinTheJitter() {
        ResilientCalls calls = new ResilientCalls(settings(Duration.ofSeconds(5), 0.5));

        for (int i = 0; i < 100; i++) {
            assertThat(calls.backoff(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
            assertThat(calls.backoff(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
            assertThat(calls.backoff(20)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
        }
    }

    private Mono<String> failingWith(RuntimeException error) {
        return Mono.defer(() -> {
            subscriptions.incrementAndGet();
            return Mono.error(error);
        });
    }

    /** The defaults (outage wait 2m) with this timeout and jitter. */
    private static EnrichmentProperties.Resilience settings(Duration callTimeout, double jitter) {
        return settings(callTimeout, jitter, Duration.ofMinutes(2));
    }

    private static EnrichmentProperties.Resilience settings(Duration callTimeout, double jitter, Duration outageWait) {
        return new EnrichmentProperties.Resilience(UNLIMITED, Duration.ofSeconds(30), 64, callTimeout, 3,
                Duration.ofMillis(200), Duration.ofSeconds(5), jitter, 5, Duration.ofSeconds(1), 50, 20, 100,
                Duration.ofSeconds(60), outageWait);
    }
}
