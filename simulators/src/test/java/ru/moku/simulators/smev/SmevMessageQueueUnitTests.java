package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Queue semantics of SMEV: FIFO, at-least-once with redelivery, acknowledgement, injected duplicates. */
class SmevMessageQueueUnitTests {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SmevMessageQueue queue = new SmevMessageQueue();

    @Test
    void deliversInTheOrderMessagesWereQueued() {
        queue.enqueue(message("a"));
        queue.enqueue(message("b"));
        queue.enqueue(message("c"));

        assertThat(List.of(poll(T0), poll(T0), poll(T0), poll(T0)))
                .containsExactly(Optional.of("a"), Optional.of("b"), Optional.of("c"), Optional.empty());
    }

    @Test
    void anUnacknowledgedMessageIsDeliveredAgainOnlyAfterTheRedeliveryTimeout() {
        queue.enqueue(message("a"));

        assertThat(poll(T0)).hasValue("a");
        assertThat(poll(T0.plus(TIMEOUT).minusMillis(1))).isEmpty();
        assertThat(queue.poll(T0.plus(TIMEOUT), TIMEOUT, false))
                .hasValueSatisfying(delivery -> assertThat(delivery.redelivery()).isTrue());
        assertThat(queue.stats(T0.plus(TIMEOUT), 0).redelivered()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedMessageIsNeverDeliveredAgain() {
        queue.enqueue(message("a"));
        poll(T0);

        assertThat(queue.ack("a", T0, false)).isEqualTo(SmevMessageQueue.AckOutcome.ACKED);

        assertThat(poll(T0.plus(TIMEOUT.multipliedBy(10)))).isEmpty();
        assertThat(queue.ackedIds()).containsExactly("a");
        assertThat(queue.stats(T0, 0)).extracting(SmevStats::queued, SmevStats::inFlight, SmevStats::acked)
                .containsExactly(0, 0, 1L);
    }

    @Test
    void aMessageThatWasNeverDeliveredCannotBeAcknowledged() {
        queue.enqueue(message("a"));

        assertThat(queue.ack("a", T0, false)).isEqualTo(SmevMessageQueue.AckOutcome.NOT_FOUND);
        assertThat(queue.ack("unknown", T0, false)).isEqualTo(SmevMessageQueue.AckOutcome.NOT_FOUND);
    }

    @Test
    void aRepeatedAcknowledgementIsHarmless() {
        queue.enqueue(message("a"));
        poll(T0);
        queue.ack("a", T0, false);

        assertThat(queue.ack("a", T0, false)).isEqualTo(SmevMessageQueue.AckOutcome.ALREADY_ACKED);
    }

    @Test
    void anInjectedDuplicateIsDeliveredAndAcknowledgedSeparately() {
        queue.enqueue(message("a"));
        queue.enqueue(message("b"));

        assertThat(queue.poll(T0, TIMEOUT, true).map(d -> d.message().messageId())).hasValue("a");
        queue.ack("a", T0, false);

        assertThat(poll(T0)).hasValue("b");
        assertThat(queue.poll(T0, TIMEOUT, true)).hasValueSatisfying(delivery -> {
            assertThat(delivery.message().messageId()).isEqualTo("a");
            assertThat(delivery.redelivery()).isTrue();
        });
        assertThat(queue.ack("a", T0, false)).isEqualTo(SmevMessageQueue.AckOutcome.ACKED);
        // "b" got no duplicate (it was polled with duplicate=false), and a duplicate never spawns another.
        assertThat(poll(T0)).isEmpty();
        assertThat(queue.stats(T0, 0).duplicatesInjected()).isEqualTo(1);
    }

    @Test
    void aDroppedAcknowledgementLeavesTheMessageToBeRedelivered() {
        queue.enqueue(message("a"));
        poll(T0);

        assertThat(queue.ack("a", T0, true)).isEqualTo(SmevMessageQueue.AckOutcome.ACKED);

        assertThat(poll(T0.plus(TIMEOUT))).hasValue("a");
        assertThat(queue.stats(T0, 0).acksDropped()).isEqualTo(1);
        assertThat(queue.ackedIds()).isEmpty();
    }

    @Test
    void statsTellQueuedFromInFlight() {
        queue.enqueue(message("a"));
        queue.enqueue(message("b"));
        poll(T0);

        assertThat(queue.stats(T0, 5)).isEqualTo(new SmevStats(1, 1, 1, 0, 0, 5, 0, 0));
        assertThat(queue.stats(T0.plus(TIMEOUT), 5).queued()).isEqualTo(2);
    }

    @Test
    void clearForgetsEverything() {
        queue.enqueue(message("a"));
        poll(T0);
        queue.ack("a", T0, false);
        queue.enqueue(message("b"));

        queue.clear();

        assertThat(poll(T0)).isEmpty();
        assertThat(queue.ackedIds()).isEmpty();
        assertThat(queue.stats(T0, 0)).isEqualTo(new SmevStats(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void concurrentPollsNeverDeliverTheSameCopyTwice() throws InterruptedException {
        int messages = 2_000;
        for (int i = 0; i < messages; i++) {
            queue.enqueue(message("m" + i));
        }
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        ExecutorService pollers = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            pollers.execute(() -> {
                await(start);
                Optional<String> next;
                while ((next = poll(T0)).isPresent()) {
                    delivered.add(next.get());
                    deliveries.incrementAndGet();
                    queue.ack(next.get(), T0, false);
                }
            });
        }
        start.countDown();
        pollers.shutdown();
        assertThat(pollers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(deliveries).hasValue(messages);
        assertThat(delivered).hasSize(messages);
        assertThat(queue.stats(T0, 0).acked()).isEqualTo(messages);
    }

    private Optional<String> poll(Instant now) {
        return queue.poll(now, TIMEOUT, false).map(delivery -> delivery.message().messageId());
    }

    private static SmevMessage message(String id) {
        return new SmevMessage(id, T0, new SmevMessage.PrimaryContent("<x/>"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
