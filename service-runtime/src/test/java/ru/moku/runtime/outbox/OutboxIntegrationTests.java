package ru.moku.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.CardStage;
import ru.moku.model.intake.CardStageChanged;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.TestMessages;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * The outbox against the real PostgreSQL, RabbitMQ and Kafka, with the application's relays running.
 * Messages go to {@link Destinations#CARD_OUTCOMES}, which nothing consumes here, so they stay in
 * the queue for the test to inspect.
 */
class OutboxIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = Destinations.CARD_OUTCOMES.queue();

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static TestRabbit rabbit;
    private static Outbox outbox;
    private static TransactionalOperator tx;
    private static EnvelopeCodec codec;

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of());
        database = service.database();
        rabbit = service.rabbit();
        outbox = service.bean(Outbox.class);
        tx = service.bean(TransactionalOperator.class);
        codec = service.bean(EnvelopeCodec.class);
    }

    @BeforeEach
    void emptyTheQueue() {
        rabbit.drain(QUEUE);
    }

    @Test
    void anAppendOutsideATransactionFailsAndWritesNothing() {
        Envelope<CardOutcome> message = TestMessages.cardOutcome();

        StepVerifier.create(outbox.toRabbit(Destinations.CARD_OUTCOMES, message))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("transaction"))
                .verify(WAIT);

        assertThat(outboxRows(message)).isZero();
    }

    @Test
    void anAppendInATransactionThatRollsBackIsNeverPublished() {
        Envelope<CardOutcome> rolledBack = TestMessages.cardOutcome();
        Envelope<CardOutcome> committedAfterIt = TestMessages.cardOutcome();

        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, rolledBack)
                        .then(Mono.error(new IllegalStateException("the state change failed")))))
                .verifyErrorMessage("the state change failed");
        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, committedAfterIt)))
                .verifyComplete();

        awaitPublished(committedAfterIt);
        assertThat(outboxRows(rolledBack)).isZero();
        assertThat(rabbit.drain(QUEUE)).extracting(Message::messageId)
                .containsExactly(committedAfterIt.id().toString());
    }

    @Test
    void aCommittedAppendIsDeliveredOnceWithTheEnvelopeIdAsMessageId() {
        Envelope<CardOutcome> message = TestMessages.cardOutcome();

        StepVerifier.create(tx.transactional(outbox.toRabbit(Destinations.CARD_OUTCOMES, message)))
                .verifyComplete();

        awaitPublished(message);
        // Nothing is left to publish, so nothing can arrive a second time.
        StepVerifier.create(rabbitRelay().relayBatch()).expectNext(0).verifyComplete();
        List<Message> delivered = rabbit.drain(QUEUE);
        assertThat(delivered).singleElement().satisfies(delivery -> {
            assertThat(delivery.messageId()).isEqualTo(message.id().toString());
            assertThat(codec.decode(delivery.body().getBytes(StandardCharsets.UTF_8), CardOutcome.class))
                    .isEqualTo(message);
        });
    }

    @Test
    void aCommittedKafkaAppendArrivesKeyedAndWithItsCloudEventHeaders() {
        UUID cardId = UUID.randomUUID();
        Envelope<CardStageChanged> event = Envelope.create(MessageTypes.CARD_STAGE_CHANGED, "moku/runtime-test",
                cardId, null, cardId.toString(),
                new CardStageChanged(cardId, CardStage.RECEIVED, null, Instant.now(), null));

        StepVerifier.create(tx.transactional(outbox.toKafka(Destinations.CARD_STAGE_TOPIC, cardId.toString(), event)))
                .verifyComplete();

        awaitPublished(event);
        List<ConsumerRecord<String, String>> records = TestKafka.read(
                rabbit.prefix() + Destinations.CARD_STAGE_TOPIC, 1, WAIT);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(cardId.toString());
            assertThat(header(record, "ce_id")).isEqualTo(event.id().toString());
            assertThat(header(record, "ce_type")).isEqualTo(MessageTypes.CARD_STAGE_CHANGED);
            assertThat(codec.decode(record.value().getBytes(StandardCharsets.UTF_8), CardStageChanged.class))
                    .isEqualTo(event);
        });
    }

    private static OutboxRelay rabbitRelay() {
        return service.context().getBean("rabbitOutboxRelay", OutboxRelay.class);
    }


    private static void awaitPublished(Envelope<?> message) {
        await("outbox row of " + message.id() + " published").atMost(WAIT).until(() -> database.count(
                "SELECT count(*) FROM testapp.outbox WHERE published_at IS NOT NULL AND message_id = '"
                        + message.id() + "'") == 1);
    }

    private static long outboxRows(Envelope<?> message) {
        return database.count("SELECT count(*) FROM testapp.outbox WHERE message_id = '" + message.id() + "'");
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
