package ru.moku.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/** The relays' doorbell and how a relay turns rings and polls into looks at the table (virtual time). */
class OutboxWakeupsUnitTests {

    @Test
    void aRingReachesTheRelaysOfItsTransportOnly() {
        OutboxWakeups wakeups = new OutboxWakeups("moku_outbox_test");

        StepVerifier.create(wakeups.signals(Transport.KAFKA).take(1))
                .then(() -> wakeups.wake(Transport.RABBIT))
                .then(() -> wakeups.wake(Transport.KAFKA))
                .expectNext(Transport.KAFKA)
                .verifyComplete();
    }

    @Test
    void aNotificationFromAnotherProcessRingsItsTransportAndOurOwnIsIgnored() {
        OutboxWakeups here = new OutboxWakeups("moku_outbox_test");
        OutboxWakeups elsewhere = new OutboxWakeups("moku_outbox_test");

        StepVerifier.create(here.signals(Transport.RABBIT).take(1))
                // Our own commit rang our relays already.
                .then(() -> here.wakeFor(here.payload(Transport.RABBIT)))
                .then(() -> here.wakeFor(elsewhere.payload(Transport.RABBIT)))
                .expectNext(Transport.RABBIT)
                .verifyComplete();
        // A payload it cannot read rings every relay rather than none.
        StepVerifier.create(here.signals(Transport.KAFKA).take(1))
                .then(() -> here.wakeFor("garbage"))
                .expectNext(Transport.KAFKA)
                .verifyComplete();
    }

    @Test
    void theChannelNameIsAValidIdentifierPerService() {
        assertThat(OutboxWakeups.channelFor("card-processor")).isEqualTo("moku_outbox_card_processor");
        assertThat(OutboxWakeups.channelFor("x".repeat(100))).hasSize(63);
    }

    @Test
    void withoutRingsTheRelayLooksAtStartAndThenOncePerPoll() {
        AtomicInteger looks = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> OutboxRelay.coalesced(
                        OutboxRelay.triggers(Flux.never(), Duration.ofSeconds(2), Mono.never()),
                        () -> Mono.fromCallable(looks::incrementAndGet)))
                .expectSubscription()
                .expectNext(1)
                .expectNoEvent(Duration.ofMillis(1_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(2)
                .thenAwait(Duration.ofSeconds(2))
                .expectNext(3)
                .thenCancel()
                .verify();
    }

    @Test
    void ringsDuringALookAreCoalescedIntoOneMoreLook() {
        Sinks.Many<Object> rings = Sinks.many().multicast().directBestEffort();
        AtomicInteger looks = new AtomicInteger();
        StepVerifier.withVirtualTime(() -> OutboxRelay.coalesced(
                        OutboxRelay.triggers(rings.asFlux(), Duration.ofMinutes(10), Mono.never()),
                        // Each look (claim, publish, commit) takes 100 ms.
                        () -> Mono.delay(Duration.ofMillis(100)).map(tick -> looks.incrementAndGet())))
                .expectSubscription()
                // The start-up look is running: five rings meanwhile make one more look, not five.
                .then(() -> {
                    for (int i = 0; i < 5; i++) {
                        rings.tryEmitNext("ring");
                    }
                })
                .thenAwait(Duration.ofMillis(100))
                .expectNext(1)
                .thenAwait(Duration.ofMillis(100))
                .expectNext(2)
                .expectNoEvent(Duration.ofMinutes(1))
                // A ring while idle: a look at once, not after the poll.
                .then(() -> rings.tryEmitNext("ring"))
                .thenAwait(Duration.ofMillis(100))
                .expectNext(3)
                .thenCancel()
                .verify();
    }

    @Test
    void stopEndsTheTriggersButLetsTheLookInFlightFinish() {
        Sinks.Empty<Void> stop = Sinks.empty();
        StepVerifier.withVirtualTime(() -> OutboxRelay.coalesced(
                        OutboxRelay.triggers(Flux.never(), Duration.ofSeconds(2), stop.asMono()),
                        () -> Mono.delay(Duration.ofMillis(500)).thenReturn("published")))
                .expectSubscription()
                .thenAwait(Duration.ofMillis(100))
                .then(stop::tryEmitEmpty)
                .thenAwait(Duration.ofMillis(400))
                .expectNext("published")
                .verifyComplete();
    }
}
