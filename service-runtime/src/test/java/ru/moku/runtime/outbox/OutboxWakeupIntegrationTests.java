package ru.moku.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.config.RuntimeAutoConfiguration.RabbitConnections;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.rabbit.RabbitOutboxTransport;
import ru.moku.runtime.rabbit.RabbitTopology;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * The relays are woken by commits, not by their poll: every relay here polls once in ten minutes, so a row that
 * arrives within seconds was brought by a wake-up — in-process after the commit, or by {@code NOTIFY} for a relay of
 * another "replica" (its own doorbell, its own LISTEN connection, its own confirm channel). The application's own
 * relays are off; its {@link Outbox} and listener are the real ones.
 */
class OutboxWakeupIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Well below the poll: only a wake-up publishes within it. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private static final String QUEUE = Destinations.CARD_OUTCOMES.queue();

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static TestRabbit rabbit;
    private static Outbox outbox;
    private static TransactionalOperator tx;
    private static OutboxWakeups wakeups;

    private final List<Runnable> cleanup = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of("moku.messaging.outbox.enabled", "false",
                "moku.messaging.outbox.keep-published", "false",
                "moku.messaging.outbox.poll-interval", "10m"));
        database = service.database();
        rabbit = service.rabbit();
        outbox = service.bean(Outbox.class);
        tx = service.bean(TransactionalOperator.class);
        wakeups = service.bean(OutboxWakeups.class);
    }

    @AfterEach
    void stopWhatTheTestStarted() {
        java.util.Collections.reverse(cleanup);
        cleanup.forEach(Runnable::run);
        rabbit.drain(QUEUE);
        database.update("DELETE FROM testapp.outbox");
    }

    @Test
    void aCommittedRowIsPublishedPromptlyAndDeletedWithoutWaitingForThePoll() {
        OutboxRelay relay = started(relay(wakeups, transport()));
        awaitIdle();
        Envelope<CardOutcome> message = TestMessages.cardOutcome();

        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, message))).verifyComplete();

        await("the message in the queue").atMost(PROMPTLY).until(() -> rabbit.messageCount(QUEUE) == 1);
        assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId).containsExactly(message.id().toString());
        await("its row deleted").atMost(PROMPTLY).until(() -> rows() == 0);
        assertThat(relay.isRunning()).isTrue();
    }

    @Test
    void aTransactionRingsOnceAfterItsCommitAndARollbackRingsNothing() {
        AtomicInteger rings = new AtomicInteger();
        Disposable counting = wakeups.signals(Transport.RABBIT).subscribe(signal -> rings.incrementAndGet());
        cleanup.add(counting::dispose);
        OutboxRelay relay = started(relay(wakeups, transport()));
        awaitIdle();

        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, TestMessages.cardOutcome())
                        .then(Mono.error(new IllegalStateException("the state change failed")))))
                .verifyErrorMessage("the state change failed");
        await("no ring").during(Duration.ofMillis(500)).atMost(WAIT).until(() -> rings.get() == 0);
        assertThat(rows()).isZero();
        assertThat(rabbit.messageCount(QUEUE)).isZero();

        // Three rows in one transaction: one ring, one NOTIFY (this process ignores its own).
        StepVerifier.create(tx.transactional(Flux.range(0, 3)
                        .concatMap(i -> outbox.toRabbit(Destinations.CARD_OUTCOMES, TestMessages.cardOutcome()))
                        .then()))
                .verifyComplete();
        await("three messages").atMost(PROMPTLY).until(() -> rabbit.messageCount(QUEUE) == 3);
        await("one ring").during(Duration.ofMillis(300)).atMost(WAIT).until(() -> rings.get() == 1);
        assertThat(relay.isRunning()).isTrue();
    }

    @Test
    void aRelayOfAnotherReplicaIsWokenByNotifyAndListensAgainAfterItsConnectionIsTerminated() {
        OutboxListener replicaListener = listeningReplica();

        // Written by this "replica", whose own relays are off: only the other one's NOTIFY can bring it.
        Envelope<CardOutcome> first = TestMessages.cardOutcome();
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, first))).verifyComplete();
        await("published by the other replica").atMost(PROMPTLY).until(() -> rabbit.messageCount(QUEUE) == 1);
        assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId).containsExactly(first.id().toString());

        // The LISTEN connections are killed (PostgreSQL restarted, a DBA, a network cut): the listener comes back.
        long terminated = database.count("""
                SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'LISTEN%') t""");
        assertThat(terminated).isGreaterThanOrEqualTo(2);
        await("the replica listens again").atMost(WAIT).until(() -> replicaListener.sessions() == 2);

        Envelope<CardOutcome> second = TestMessages.cardOutcome();
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, second))).verifyComplete();
        await("published after the reconnection").atMost(PROMPTLY).until(() -> rabbit.messageCount(QUEUE) == 1);
        assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId).containsExactly(second.id().toString());
        await("rows deleted").atMost(PROMPTLY).until(() -> rows() == 0);
    }

    @Test
    void aListAppendedInOneStatementIsPublishedOnceEachInItsOrderAndWakesAnotherReplica() {
        listeningReplica();
        List<Envelope<CardOutcome>> first = List.of(TestMessages.cardOutcome(), TestMessages.cardOutcome(),
                TestMessages.cardOutcome());
        List<Envelope<CardOutcome>> second = List.of(TestMessages.cardOutcome(), TestMessages.cardOutcome());

        // The first list is the transaction's first row (its statement announces the commit), the second is not.
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, first)
                        .then(outbox.toRabbit(Destinations.CARD_OUTCOMES, List.<Envelope<CardOutcome>>of()))
                        .then(outbox.toRabbit(Destinations.CARD_OUTCOMES, second))))
                .verifyComplete();

        await("five messages, brought by the other replica's NOTIFY").atMost(PROMPTLY)
                .until(() -> rabbit.messageCount(QUEUE) == 5);
        assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId).containsExactly(
                first.get(0).id().toString(), first.get(1).id().toString(), first.get(2).id().toString(),
                second.get(0).id().toString(), second.get(1).id().toString());
        await("rows deleted").atMost(PROMPTLY).until(() -> rows() == 0);
        assertThat(rabbit.messageCount(QUEUE)).isZero();
    }

    @Test
    void aListOutsideATransactionFailsAndWritesNothing() {
        StepVerifier.create(outbox.toRabbit(Destinations.CARD_OUTCOMES, List.of(TestMessages.cardOutcome())))
                .verifyErrorMessage("outbox writes must join the caller's transaction");
        assertThat(rows()).isZero();
    }

    /**
     * Another "replica": its own doorbell, LISTEN connection and relay (this process's relays are off), listening and
     * idle when returned; stopped after the test.
     */
    private OutboxListener listeningReplica() {
        OutboxWakeups replicaBell = new OutboxWakeups(wakeups.channel());
        OutboxListener replicaListener = new OutboxListener(service.bean(ConnectionFactory.class), replicaBell,
                Duration.ofMillis(100), Duration.ofSeconds(1));
        replicaListener.start();
        cleanup.add(replicaListener::stop);
        started(relay(replicaBell, transport()));
        await("the replica listens").atMost(WAIT).until(() -> replicaListener.sessions() == 1);
        awaitIdle();
        return replicaListener;
    }

    @Test
    void stopLetsTheBatchInFlightBePublishedAndCommitted() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        RabbitOutboxTransport rabbitTransport = transport();
        OutboxTransport slow = new OutboxTransport() {
            @Override
            public Transport transport() {
                return Transport.RABBIT;
            }

            @Override
            public Flux<Result> publish(List<OutboxRecord> records) {
                return Mono.delay(Duration.ofMillis(1_500)).doOnSubscribe(s -> publishing.countDown())
                        .thenMany(rabbitTransport.publish(records));
            }
        };
        OutboxRelay relay = relay(wakeups, slow);
        relay.start();
        cleanup.add(relay::stop);
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, TestMessages.cardOutcome())))
                .verifyComplete();
        assertThat(publishing.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();

        CountDownLatch stopped = new CountDownLatch(1);
        relay.stop(stopped::countDown);

        assertThat(stopped.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // Not cut short: published, confirmed and its row deleted before the relay said it stopped (a batch cut
        // short would have rolled back, and nothing relays here any more to delete the row later).
        assertThat(rows()).isZero();
        assertThat(relay.isRunning()).isFalse();
        await("the message in the queue").atMost(PROMPTLY).until(() -> rabbit.messageCount(QUEUE) == 1);
    }

    @Test
    void stopCutsABatchShortAfterTheDrainTimeoutAndTheRowStays() throws Exception {
        AtomicBoolean cancelled = new AtomicBoolean();
        OutboxTransport stuck = new OutboxTransport() {
            @Override
            public Transport transport() {
                return Transport.RABBIT;
            }

            @Override
            public Flux<Result> publish(List<OutboxRecord> records) {
                return Flux.<Result>never().doOnCancel(() -> cancelled.set(true));
            }
        };
        OutboxRelay relay = relay(wakeups, stuck, settings(Duration.ofMillis(300)));
        relay.start();
        cleanup.add(relay::stop);
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, TestMessages.cardOutcome())))
                .verifyComplete();
        awaitIdle();

        CountDownLatch stopped = new CountDownLatch(1);
        relay.stop(stopped::countDown);

        assertThat(stopped.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled).isTrue();
        // Rolled back: the row is still there, unpublished, for whoever relays next.
        await("the claim rolled back").atMost(WAIT).until(() -> database.count(
                "SELECT count(*) FROM testapp.outbox WHERE published_at IS NULL AND attempts = 0") == 1);
    }

    /** Lets the relay's start-up look pass, so that what follows is brought by a wake-up. */
    private static void awaitIdle() {
        await().pollDelay(Duration.ofMillis(300)).atMost(WAIT).until(() -> true);
    }

    private OutboxRelay started(OutboxRelay relay) {
        relay.start();
        cleanup.add(relay::stop);
        return relay;
    }

    private static MessagingProperties.Outbox settings(Duration drainTimeout) {
        return new MessagingProperties.Outbox(true, 100, Duration.ofMinutes(10), Duration.ofDays(7),
                Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(1),
                Duration.ofMinutes(5), false, true, Duration.ofMillis(200), drainTimeout, Duration.ofSeconds(30));
    }

    private static OutboxRelay relay(OutboxWakeups bell, OutboxTransport transport) {
        return relay(bell, transport, settings(Duration.ofSeconds(10)));
    }

    private static OutboxRelay relay(OutboxWakeups bell, OutboxTransport transport,
                                     MessagingProperties.Outbox settings) {
        return new OutboxRelay(service.bean(DatabaseClient.class), tx, transport, settings, new SimpleMeterRegistry(),
                service.bean(Incidents.class), bell);
    }

    /** A transport of its own (its own confirm channel), as another replica would have. */
    private static RabbitOutboxTransport transport() {
        Mono<Connection> connection = service.bean(RabbitConnections.class).connection("sender");
        return new RabbitOutboxTransport(connection, service.bean(RabbitTopology.class),
                service.bean(MessagingProperties.class), service.context().getBean("brokerIoScheduler", Scheduler.class));
    }

    private static long rows() {
        return database.count("SELECT count(*) FROM testapp.outbox WHERE transport = 'RABBIT'");
    }
}
