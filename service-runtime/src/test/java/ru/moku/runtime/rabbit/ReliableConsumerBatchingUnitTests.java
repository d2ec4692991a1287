package ru.moku.runtime.rabbit;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;
import reactor.test.scheduler.VirtualTimeScheduler;

/** How deliveries are grouped into batches, in virtual time. */
class ReliableConsumerBatchingUnitTests {

    private static final Duration WINDOW = Duration.ofMillis(5);

    @Test
    void aFullBatchIsHandedOnWithoutWaitingForTheWindow() {
        StepVerifier.withVirtualTime(() -> ReliableConsumer.batches(
                        Flux.range(1, 6).concatWith(Flux.never()), 3, WINDOW, VirtualTimeScheduler.get()))
                .expectSubscription()
                .expectNext(List.of(1, 2, 3), List.of(4, 5, 6))
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aPartialBatchIsHandedOnWhenTheWindowAfterItsFirstDeliveryEnds() {
        TestPublisher<Integer> deliveries = TestPublisher.create();

        StepVerifier.withVirtualTime(() -> ReliableConsumer.batches(deliveries.flux(), 50, WINDOW,
                        VirtualTimeScheduler.get()))
                .expectSubscription()
                .then(() -> deliveries.next(1))
                .thenAwait(Duration.ofMillis(3))
                .then(() -> deliveries.next(2))
                .expectNoEvent(Duration.ofMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(List.of(1, 2))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> deliveries.next(3))
                .thenAwait(WINDOW)
                .expectNext(List.of(3))
                .then(deliveries::complete)
                .verifyComplete();
    }

    @Test
    void batchesOfOneAreHandedOnAtOnce() {
        StepVerifier.withVirtualTime(() -> ReliableConsumer.batches(Flux.range(1, 3), 1, WINDOW,
                        VirtualTimeScheduler.get()))
                .expectSubscription()
                .expectNext(List.of(1), List.of(2), List.of(3))
                .verifyComplete();
    }

    @Test
    void theLastPartialBatchIsHandedOnWhenTheDeliveriesEnd() {
        StepVerifier.withVirtualTime(() -> ReliableConsumer.batches(Flux.range(1, 4), 3, WINDOW,
                        VirtualTimeScheduler.get()))
                .expectSubscription()
                .expectNext(List.of(1, 2, 3), List.of(4))
                .verifyComplete();
    }
}
