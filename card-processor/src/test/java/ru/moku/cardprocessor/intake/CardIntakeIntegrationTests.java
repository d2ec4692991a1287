package ru.moku.cardprocessor.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.runtime.testing.TestRabbit;

/** card-processor against the real PostgreSQL, RabbitMQ and Kafka. */
class CardIntakeIntegrationTests {

    private static final Duration WAIT = CardProcessorUnderTest.WAIT;

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;
    private static TestDatabase database;
    private static TestRabbit rabbit;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
        database = cardProcessor.database();
        rabbit = cardProcessor.rabbit();
    }

    @Test
    void storesAValidCardOnceAndAnswersAccepted() {
        ServiceCard card = validCard();
        Envelope<ServiceCard> message = envelope(card);

        publish(message);

        await("card stored").atMost(WAIT).until(() -> count("service_card WHERE id = '" + card.cardId() + "'") == 1);
        assertThat(database.queryForObject("SELECT stage FROM qal.service_card WHERE id = '" + card.cardId() + "'",
                String.class)).isEqualTo("RECEIVED");
        assertThat(count("organisation WHERE card_id = '" + card.cardId() + "' AND inn_valid AND ogrn_valid"))
                .isEqualTo(1);
        assertThat(count("founder WHERE card_id = '" + card.cardId() + "' AND kind = 'PERSON' AND inn_valid"))
                .isEqualTo(1);
        Envelope<CardOutcome> outcome = awaitOutcome(card.cardId());
        assertThat(outcome.data().result()).isEqualTo(CardOutcome.Result.ACCEPTED);
        assertThat(outcome.correlationId()).isEqualTo(card.cardId());
        assertThat(outcome.causationId()).isEqualTo(message.id());
    }

    @Test
    void announcesTheReceivedStageOnKafkaKeyedByCard() {
        ServiceCard card = validCard();

        publish(envelope(card));

        String topic = rabbit.prefix() + Destinations.CARD_STAGE_TOPIC;
        // Each read takes the topic from its start for a while (other tests' cards are on it too) and keeps the
        // card's records; it is repeated until they are there.
        AtomicReference<List<ConsumerRecord<String, String>>> events = new AtomicReference<>(List.of());
        await("stage event").atMost(WAIT).until(() -> {
            events.set(TestKafka.read(topic, Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                    .filter(record -> record.key().equals(card.cardId().toString()))
                    .toList());
            return !events.get().isEmpty();
        });
        assertThat(events.get())
                .singleElement()
                .satisfies(record -> assertThat(record.value()).contains("\"stage\":\"RECEIVED\"")
                        .contains(MessageTypes.CARD_STAGE_CHANGED));
    }

    @Test
    void aRedeliveredMessageChangesNothing() {
        ServiceCard card = validCard();
        Envelope<ServiceCard> message = envelope(card);

        publish(message);
        publish(message);
        ServiceCard marker = validCard();
        publish(envelope(marker));

        awaitOutcome(marker.cardId());
        await("card stored").atMost(WAIT).until(() -> count("service_card WHERE id = '" + card.cardId() + "'") == 1);
        assertThat(count("processed_message WHERE message_id = '" + message.id() + "'")).isEqualTo(1);
        assertThat(count("card_stage_history WHERE card_id = '" + card.cardId() + "'")).isEqualTo(1);
        assertThat(count("outbox WHERE message_type = '" + MessageTypes.CARD_OUTCOME + "' AND payload LIKE '%"
                + card.cardId() + "%'")).isEqualTo(1);
    }

    @Test
    void aRepublishedCardIsNotStoredTwiceButAnsweredAgain() {
        ServiceCard card = validCard();

        publish(envelope(card));
        assertThat(awaitOutcome(card.cardId()).data().attempt()).isEqualTo(1);
        // Reprocessing publishes it again as attempt 2: the answer names that attempt, so the gateway applies it.
        publish(envelope(card.withAttempt(2)));

        Envelope<CardOutcome> second = awaitOutcome(card.cardId());
        assertThat(second.data().result()).isEqualTo(CardOutcome.Result.ACCEPTED);
        assertThat(second.data().attempt()).isEqualTo(2);
        assertThat(count("service_card WHERE id = '" + card.cardId() + "'")).isEqualTo(1);
        assertThat(count("organisation WHERE card_id = '" + card.cardId() + "'")).isEqualTo(1);
    }

    @Test
    void aWrongInnCheckDigitFlagsTheCardWithAnIncident() {
        ServiceCard valid = validCard();
        String inn = valid.organisation().inn();
        String wrongInn = inn.substring(0, 9) + ((inn.charAt(9) - '0' + 1) % 10);
        ServiceCard card = new ServiceCard(valid.cardId(), valid.rawMessageId(), valid.smevMessageId(), 0,
                valid.serviceCode(), valid.applicationNumber(), valid.applicationDate(),
                new ServiceCard.Organisation("ООО Ромашка", wrongInn, valid.organisation().ogrn(), null, null),
                valid.founder());

        publish(envelope(card));

        Envelope<CardOutcome> outcome = awaitOutcome(card.cardId());
        assertThat(outcome.data().result()).isEqualTo(CardOutcome.Result.FLAGGED);
        assertThat(outcome.data().reason()).contains("organisation ИНН").contains("check digit");
        assertThat(database.queryForObject("SELECT stage FROM qal.service_card WHERE id = '" + card.cardId() + "'",
                String.class)).isEqualTo("FLAGGED");
        assertThat(count("organisation WHERE card_id = '" + card.cardId() + "' AND NOT inn_valid")).isEqualTo(1);
        assertThat(count("incident WHERE kind = 'INVALID_IDENTIFIER' AND subject = '" + card.cardId() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnceWithAnIncident() {
        long before = count("incident WHERE kind = 'POISON_MESSAGE'");

        rabbit.publish(Destinations.SERVICE_CARDS, "{ this is not json");

        await("dead-lettered").atMost(WAIT).until(() -> rabbit.messageCount(
                Destinations.SERVICE_CARDS.deadLetterQueue()) == 1);
        assertThat(rabbit.take(Destinations.SERVICE_CARDS.deadLetterQueue())).isEqualTo("{ this is not json");
        assertThat(count("incident WHERE kind = 'POISON_MESSAGE'")).isEqualTo(before + 1);
        assertThat(count("incident WHERE kind = 'POISON_MESSAGE' AND attempts = 1")).isEqualTo(before + 1);
    }

    private static ServiceCard validCard() {
        return cardProcessor.validCard();
    }

    private static Envelope<ServiceCard> envelope(ServiceCard card) {
        return CardProcessorUnderTest.envelope(card);
    }

    private static void publish(Envelope<ServiceCard> message) {
        cardProcessor.publish(message);
    }

    private static Envelope<CardOutcome> awaitOutcome(UUID cardId) {
        return cardProcessor.awaitMessage(Destinations.CARD_OUTCOMES, CardOutcome.class,
                outcome -> outcome.cardId().equals(cardId));
    }

    private static long count(String fromWhere) {
        return cardProcessor.count(fromWhere);
    }
}
