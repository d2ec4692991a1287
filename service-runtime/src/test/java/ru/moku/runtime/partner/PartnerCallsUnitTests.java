package ru.moku.runtime.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@link PartnerCalls}: the two retry budgets, the timeout and the circuit, on virtual time. */
class PartnerCallsUnitTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void a422IsTriedThreeTimesInAllThenGivenUp() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", settings(4, 3, 100));

        StepVerifier.withVirtualTime(() -> lko.protect(answering(calls, new PartnerFailure.Rejected("ЛКО", 422, "{}"))))
                .thenAwait(Duration.ofMinutes(1))
                .expectError(PartnerFailure.Rejected.class)
                .verify(Duration.ofSeconds(5));

        assertThat(calls).hasValue(3);
    }

    @Test
    void anotherClientErrorIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", settings(4, 3, 100));

        StepVerifier.create(lko.protect(answering(calls, new PartnerFailure.Rejected("ЛКО", 400, "{}"))))
                .expectError(PartnerFailure.Rejected.class)
                .verify(Duration.ofSeconds(5));

        assertThat(calls).hasValue(1);
    }

    @Test
    void unavailabilityIsRetriedWithBackoffUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", settings(4, 3, 100));
        Mono<String> flaky = Mono.defer(() -> calls.incrementAndGet() <= 2
                ? Mono.error(new PartnerFailure.Unavailable("503", null))
                : Mono.just("created"));

        StepVerifier.withVirtualTime(() -> lko.protect(flaky))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(1))
                .expectNext("created")
                .verifyComplete();

        assertThat(calls).hasValue(3);
    }

    @Test
    void aSlowAnswerTimesOutAndCountsAsUnavailableUntilTheAttemptsAreSpent() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", settings(4, 3, 100));
        Mono<String> neverAnswers = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.never();
        });

        StepVerifier.withVirtualTime(() -> lko.protect(neverAnswers))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(5))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PartnerFailure.Unavailable.class)
                        .hasMessageContaining("did not answer within"))
                .verify(Duration.ofSeconds(5));

        assertThat(calls).hasValue(4);
    }

    @Test
    void anOpenCircuitRefusesCallsWithoutReachingThePartner() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", settings(1, 3, 2));
        lko.circuitBreaker().transitionToOpenState();

        StepVerifier.create(lko.protect(answering(calls, new PartnerFailure.Unavailable("503", null))))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PartnerFailure.Unavailable.class)
                        .hasMessageContaining("circuit is open"))
                .verify(Duration.ofSeconds(5));

        assertThat(calls).hasValue(0);
    }

    @Test
    void aCallRefusedByAnOpenCircuitWaitsForItAndReachesThePartnerOnceItCloses() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", waitingForTheCircuit(Duration.ofMinutes(2)));
        lko.circuitBreaker().transitionToForcedOpenState();
        Mono<String> answers = Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.just("created");
        });

        StepVerifier.withVirtualTime(() -> lko.protect(answers))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(90))
                .then(() -> assertThat(calls).as("the partner was not called while the circuit refused").hasValue(0))
                .then(() -> lko.circuitBreaker().transitionToClosedState())
                .thenAwait(Duration.ofSeconds(5))
                .expectNext("created")
                .verifyComplete();

        assertThat(calls).hasValue(1);
    }

    @Test
    void aCircuitThatStaysOpenFailsTheCallAsUnavailableOnceTheOutageWaitIsOver() {
        AtomicInteger calls = new AtomicInteger();
        PartnerCalls lko = new PartnerCalls("ЛКО", waitingForTheCircuit(Duration.ofMinutes(1)));
        lko.circuitBreaker().transitionToForcedOpenState();

        StepVerifier.withVirtualTime(() -> lko.protect(answering(calls, new IllegalStateException("never called"))))
                .expectSubscription()
                // It gives up once one more look would pass the minute: not before 57 s (the longest look is 3 s).
                .expectNoEvent(Duration.ofSeconds(56))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(PartnerFailure.Unavailable.class)
                        .hasMessageContaining("circuit is open"))
                .verify(Duration.ofSeconds(5));

        assertThat(calls).hasValue(0);
    }

    @Test
    void backoffDoublesUpToItsCap() {
        PartnerCalls lko = new PartnerCalls("ЛКО", new TestSettings(TIMEOUT, 10, Duration.ofMillis(100),
                Duration.ofMillis(350), 0, 3, Duration.ofMillis(10), 100, Duration.ZERO));

        assertThat(lko.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(lko.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(lko.backoff(3)).isEqualTo(Duration.ofMillis(350));
    }

    private static Mono<String> answering(AtomicInteger calls, RuntimeException failure) {
        return Mono.defer(() -> {
            calls.incrementAndGet();
            return Mono.error(failure);
        });
    }

    private static TestSettings settings(int attempts, int rejectionAttempts, int minimumCalls) {
        return new TestSettings(TIMEOUT, attempts, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5,
                rejectionAttempts, Duration.ofSeconds(1), minimumCalls, Duration.ZERO);
    }

    private static TestSettings waitingForTheCircuit(Duration outageWait) {
        return new TestSettings(TIMEOUT, 1, Duration.ofMillis(200), Duration.ofSeconds(2), 0.5, 3,
                Duration.ofSeconds(1), 2, outageWait);
    }

    private record TestSettings(Duration timeout, int attempts, Duration firstBackoff, Duration maxBackoff,
                                double jitter, int rejectionAttempts, Duration rejectionBackoff, int minimumCalls,
                                Duration outageWait)
            implements PartnerCalls.Settings {

        @Override
        public float failureRateThreshold() {
            return 50;
        }

        @Override
        public Duration openFor() {
            return Duration.ofSeconds(30);
        }
    }
}
