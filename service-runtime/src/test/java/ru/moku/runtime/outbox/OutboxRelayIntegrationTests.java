package ru.moku.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.Sender;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.config.MessagingProperties;
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
        assertThat(database.count(
                "SELECT count(*) FROM testapp.outbox WHERE published_at IS NOT NULL AND attempts = 1"))
                .isEqualTo(ROWS);
        // A row published by two relays would be counted by both.
        assertThat(meters.stream().mapToDouble(OutboxRelayIntegrationTests::published).sum()).isEqualTo(ROWS);
    }

    @Test
    void aMessageTheBrokerCannotRouteStaysInTheOutbox() {
        UUID messageId = insertRows(1, "routed.nowhere");
        try {
            StepVerifier.create(relay(new SimpleMeterRegistry()).relayBatch()).expectNext(0).verifyComplete();

            assertThat(database.count("SELECT count(*) FROM testapp.outbox"
                    + " WHERE published_at IS NULL AND message_id = '" + messageId + "'")).isEqualTo(1);
        } finally {
            database.update("DELETE FROM testapp.outbox WHERE message_id = '" + messageId + "'");
        }
    }

    /** A relay of RabbitMQ rows on the application's connections, batches of 100. */
    private static OutboxRelay relay(MeterRegistry meters) {
        MessagingProperties properties = service.bean(MessagingProperties.class);
        RabbitOutboxTransport transport = new RabbitOutboxTransport(service.bean(Sender.class),
                service.bean(RabbitTopology.class), properties,
                service.context().getBean("brokerIoScheduler", Scheduler.class));
        return new OutboxRelay(service.bean(DatabaseClient.class), service.bean(TransactionalOperator.class), transport,
                new MessagingProperties.Outbox(true, 100, Duration.ofMillis(20), Duration.ofDays(7),
                        Duration.ofMinutes(10), Duration.ofMillis(200), Duration.ofSeconds(10)), meters);
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
        return database.count("SELECT count(*) FROM testapp.outbox WHERE published_at IS NULL");
    }

    private static double published(MeterRegistry meters) {
        return meters.counter("moku.outbox.published", "transport", Transport.RABBIT.name()).count();
    }
}
