package ru.moku.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.rabbit.RabbitOutboxTransport;
import ru.moku.runtime.rabbit.RabbitTopology;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * Relays of the outbox against the real PostgreSQL and RabbitMQ. The application's own relays are
 * switched off; each test runs the relays it needs on the application's connections.
 */
class OutboxRelayIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = Destinations.CARD_OUTCOMES.queue();
    private static final int ROWS = 2_000;

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static TestRabbit rabbit;

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of("moku.messaging.outbox.enabled", "false"));
        database = service.database();
        rabbit = service.rabbit();
    }

    @Test
    void threeRelaysAtOncePublishEveryRowExactlyOnce() {
        insertRows(ROWS, Destinations.CARD_OUTCOMES.routingKey());
        List<MeterRegistry> meters = IntStream.range(0, 3).<MeterRegistry>mapToObj(i -> new SimpleMeterRegistry())
                .toList();
        List<OutboxRelay> relays = meters.stream().map(OutboxRelayIntegrationTests::relay).toList();

        relays.forEach(OutboxRelay::start);
        try {
            await("every row published").atMost(WAIT).until(() -> unpublishedRows() == 0);
        } finally {
            relays.forEach(OutboxRelay::stop);
        }

        await(ROWS + " messages in the queue").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) >= ROWS);
        List<Message> delivered = rabbit.drain(QUEUE);
        assertThat(delivered).hasSize(ROWS);
        assertThat(delivered).extracting(Message::messageId).doesNotHaveDuplicates().doesNotContainNull();
        // Confirmed rows are deleted in the transaction that claimed them: nothing is left behind.
        assertThat(database.count("SELECT count(*) FROM testapp.outbox WHERE transport = 'RABBIT'")).isZero();
        // A row published by two relays would be counted by both.
        assertThat(meters.stream().mapToDouble(OutboxRelayIntegrationTests::published).sum()).isEqualTo(ROWS);
    }

    @Test
    void aRowTheBrokerCannotRouteIsParkedWithAnIncidentWhileTheOthersArePublished() {
        UUID unroutable = insertRows(1, "routed.nowhere");
        insertRows(50, Destinations.CARD_OUTCOMES.routingKey());
        OutboxRelay relay = relay(new SimpleMeterRegistry(), settings(10, Duration.ofMillis(100)));
        relay.start();
        try {
            await("the routable rows published").atMost(WAIT).until(() -> unpublishedRows() == 1);
            await("the unroutable row parked").atMost(WAIT).until(() -> parked(unroutable));
            await("its incident").atMost(WAIT).until(() -> openIncidents(unroutable) == 1);
            // Refused for good: parked at the first refusal, not tried again.
            assertThat(database.queryForObject("SELECT attempts FROM testapp.outbox WHERE message_id = '"
                    + unroutable + "'", Integer.class)).isEqualTo(1);
            assertThat(database.queryForObject("SELECT last_error FROM testapp.outbox WHERE message_id = '"
                    + unroutable + "'", String.class)).contains("could not route").contains("routed.nowhere");
            assertThat(rabbit.drain(QUEUE)).hasSize(50);

            // The operator fixes the routing and retries the incident: the row is published.
            database.update("UPDATE testapp.outbox SET routing_key = '" + Destinations.CARD_OUTCOMES.routingKey()
                    + "' WHERE message_id = '" + unroutable + "'");
            Incidents incidents = service.bean(Incidents.class);
            UUID incidentId = UUID.fromString(database.queryForObject("SELECT id::text FROM testapp.incident"
                    + " WHERE kind = 'OUTBOX_UNPUBLISHABLE' AND subject = '" + unroutable + "'", String.class));
            StepVerifier.create(incidents.retry(incidentId, service.bean(OutboxRedriver.class), "binding fixed"))
                    .expectNextCount(1).verifyComplete();
            await("the re-driven row published").atMost(WAIT).until(() -> unpublishedRows() == 0);
            await("its message in the queue").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) == 1);
            assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId).containsExactly(unroutable.toString());
        } finally {
            relay.stop();
            database.update("DELETE FROM testapp.outbox");
        }
    }

    @Test
    void aRowRefusedEachTimeBacksOffAndIsParkedAfterItsAttempts() {
        UUID refused = insertRows(1, Destinations.CARD_OUTCOMES.routingKey());
        long refusedId = database.count("SELECT id FROM testapp.outbox WHERE message_id = '" + refused + "'");
        MessagingProperties properties = service.bean(MessagingProperties.class);
        RabbitOutboxTransport rabbitTransport = new RabbitOutboxTransport(senderConnection(),
                service.bean(RabbitTopology.class), properties,
                service.context().getBean("brokerIoScheduler", Scheduler.class));
        AtomicInteger tries = new AtomicInteger();
        // A broker that nacks this one row every time (as a full or misbehaving queue would), the others pass.
        OutboxTransport nackingOne = new OutboxTransport() {
            @Override
            public Transport transport() {
                return Transport.RABBIT;
            }

            @Override
            public Flux<Result> publish(List<OutboxRecord> records) {
                List<OutboxRecord> others = records.stream().filter(r -> r.id() != refusedId).toList();
                Flux<Result> refusal = records.size() == others.size() ? Flux.empty()
                        : Flux.defer(() -> {
                            tries.incrementAndGet();
                            return Flux.just(Result.refused(refusedId,
                                    new Failures.TransientFailure("RabbitMQ nacked the message (basic.nack)")));
                        });
                return refusal.concatWith(others.isEmpty() ? Flux.empty() : rabbitTransport.publish(others));
            }
        };
        OutboxRelay relay = new OutboxRelay(service.bean(DatabaseClient.class),
                service.bean(TransactionalOperator.class), nackingOne, settings(4, Duration.ofMillis(300)),
                new SimpleMeterRegistry(), service.bean(Incidents.class));
        long started = System.nanoTime();
        relay.start();
        try {
            insertRows(20, Destinations.CARD_OUTCOMES.routingKey());
            await("the others published").atMost(WAIT).until(() -> unpublishedRows() == 1);
            await("the refused row parked").atMost(WAIT).until(() -> parked(refused));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            await("its incident").atMost(WAIT).until(() -> openIncidents(refused) == 1);
            // Four attempts in all, spaced 300, 600, 1200 ms apart — not one per 20 ms poll.
            assertThat(tries).hasValue(4);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(2_000));
            assertThat(database.queryForObject("SELECT attempts FROM testapp.outbox WHERE message_id = '"
                    + refused + "'", Integer.class)).isEqualTo(4);
            assertThat(database.queryForObject("SELECT last_error FROM testapp.outbox WHERE message_id = '"
                    + refused + "'", String.class)).contains("basic.nack");
            assertThat(database.queryForObject("SELECT message FROM testapp.incident WHERE subject = '"
                    + refused + "'", String.class)).contains("after 4 attempts");
            // Parked: the relay leaves it alone from now on.
            int triesWhenParked = tries.get();
            await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
            assertThat(tries).hasValue(triesWhenParked);
        } finally {
            relay.stop();
            rabbit.drain(QUEUE);
            database.update("DELETE FROM testapp.outbox");
        }
    }

    private static MessagingProperties.Outbox settings(int maxAttempts, Duration rowBackoff) {
        return new MessagingProperties.Outbox(true, 100, Duration.ofMillis(20), Duration.ofDays(7),
                Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofSeconds(10), maxAttempts, rowBackoff,
                Duration.ofMinutes(5), false, true, Duration.ofMillis(200), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }

    private static reactor.core.publisher.Mono<com.rabbitmq.client.Connection> senderConnection() {
        return service.bean(ru.moku.runtime.config.RuntimeAutoConfiguration.RabbitConnections.class)
                .connection("sender");
    }

    private static boolean parked(UUID messageId) {
        return database.count("SELECT count(*) FROM testapp.outbox WHERE message_id = '" + messageId
                + "' AND published_at IS NULL AND next_attempt_at = 'infinity'") == 1;
    }

    private static long openIncidents(UUID messageId) {
        return database.count("SELECT count(*) FROM testapp.incident WHERE kind = 'OUTBOX_UNPUBLISHABLE'"
                + " AND status = 'OPEN' AND subject = '" + messageId + "'");
    }

    /** A relay of RabbitMQ rows on the application's connections, batches of 100. */
    private static OutboxRelay relay(MeterRegistry meters) {
        return relay(meters, settings(10, Duration.ofSeconds(1)));
    }

    private static OutboxRelay relay(MeterRegistry meters, MessagingProperties.Outbox settings) {
        MessagingProperties properties = service.bean(MessagingProperties.class);
        RabbitOutboxTransport transport = new RabbitOutboxTransport(senderConnection(),
                service.bean(RabbitTopology.class), properties,
                service.context().getBean("brokerIoScheduler", Scheduler.class));
        return new OutboxRelay(service.bean(DatabaseClient.class), service.bean(TransactionalOperator.class), transport,
                settings, meters, service.bean(Incidents.class));
    }

    /** Inserts {@code rows} outbox rows for the intake exchange with {@code routingKey}; returns the last id. */
    private static UUID insertRows(int rows, String routingKey) {
        UUID last = UUID.randomUUID();
        database.update("""
                INSERT INTO testapp.outbox (message_id, transport, destination, routing_key, message_type, payload)
                SELECT CASE WHEN n = %d THEN '%s'::uuid ELSE gen_random_uuid() END, 'RABBIT', '%s', '%s',
                       'ru.moku.test.v1', '{"n":' || n || '}'
                FROM generate_series(1, %d) AS n""".formatted(rows, last, Destinations.INTAKE_EXCHANGE, routingKey,
                rows));
        return last;
    }

    private static long unpublishedRows() {
        // RabbitMQ rows only: an incident's announcement waits for Kafka, whose relay is off here.
        return database.count("SELECT count(*) FROM testapp.outbox WHERE published_at IS NULL AND transport = 'RABBIT'");
    }

    private static double published(MeterRegistry meters) {
        return meters.counter("moku.outbox.published", "transport", Transport.RABBIT.name()).count();
    }
}
