package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RecordingDeadLetterHook;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.ScriptedHandler;
import ru.moku.runtime.testapp.ScriptedHandler.Script;
import ru.moku.runtime.testapp.TestMessages;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestRabbit.Message;

/**
 * A {@link ReliableConsumer} of {@link Destinations#SERVICE_CARDS} in the test application, against
 * the real PostgreSQL and RabbitMQ; the test scripts the handler per card.
 */
class ReliableConsumerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = Destinations.SERVICE_CARDS.queue();
    private static final String DEAD_LETTER_QUEUE = Destinations.SERVICE_CARDS.deadLetterQueue();

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static TestRabbit rabbit;
    private static EnvelopeCodec codec;
    private static ScriptedHandler handler;
    private static RecordingDeadLetterHook deadLetterHook;
    private static MeterRegistry meters;
    private static int maxAttempts;
    /** Everything taken off the dead-letter queue so far (each test looks for its own). */
    private static final List<Message> deadLettered = new ArrayList<>();

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of());
        database = service.database();
        rabbit = service.rabbit();
        codec = service.bean(EnvelopeCodec.class);
        handler = service.bean(ScriptedHandler.class);
        deadLetterHook = service.bean(RecordingDeadLetterHook.class);
        meters = service.bean(MeterRegistry.class);
        maxAttempts = service.bean(MessagingProperties.class).consumer().maxAttempts();
    }

    @Test
    void aMessageWhoseHandlerFailsTwiceTransientlyTakesEffectOnceAndIsAcked() {
        Envelope<ServiceCard> message = TestMessages.serviceCard();
        handler.script(cardId(message), Script.failTransiently(2));
        double acked = consumed("acked");

        publish(message);

        await("message acked").atMost(WAIT).until(() -> consumed("acked") == acked + 1);
        assertThat(handler.attempts(cardId(message))).isEqualTo(3);
        assertThat(effects(message)).isEqualTo(1);
        assertThat(rabbit.messageCount(QUEUE)).isZero();
        assertThat(deadLetteredBodiesOf(message)).isEmpty();
        assertThat(incidentsAbout(message)).isZero();
    }

    @Test
    void aMessageWhoseHandlerKeepsFailingTransientlyIsDeadLetteredAfterMaxAttemptsWithOneIncident() {
        Envelope<ServiceCard> message = TestMessages.serviceCard();
        handler.script(cardId(message), Script.failTransientlyForever());

        publish(message);

        awaitDeadLettered(message);
        assertThat(handler.attempts(cardId(message))).isEqualTo(maxAttempts);
        assertThat(effects(message)).isZero();
        assertThat(incidentsAbout(message)).isEqualTo(1);
        assertThat(incidentsAbout(message, "kind = 'RETRIES_EXHAUSTED' AND attempts = " + maxAttempts)).isEqualTo(1);
        assertThat(deadLetterHook.callsFor(cardId(message))).singleElement()
                .satisfies(call -> assertThat(call.error()).isInstanceOf(Failures.TransientFailure.class));
    }

    @Test
    void aMessageWhoseHandlerCannotReachTheDatabaseFarMoreThanMaxAttemptsTimesIsHandledOnceWhenItIsBack() {
        // A PostgreSQL restart or fail-over, as the handler sees it: no connection, many times over, then one.
        int outage = maxAttempts * 5;
        Envelope<ServiceCard> message = TestMessages.serviceCard();
        handler.script(cardId(message), Script.failDatabaseUnavailable(outage));
        double acked = consumed("acked");

        publish(message);

        await("message acked").atMost(WAIT).until(() -> consumed("acked") == acked + 1);
        assertThat(handler.attempts(cardId(message))).isEqualTo(outage + 1);
        assertThat(effects(message)).isEqualTo(1);
        assertThat(rabbit.messageCount(QUEUE)).isZero();
        assertThat(deadLetteredBodiesOf(message)).isEmpty();
        assertThat(incidentsAbout(message)).isZero();
        assertThat(deadLetterHook.callsFor(cardId(message))).isEmpty();
    }

    @Test
    void aMessageWhoseHandlerFailsPermanentlyIsDeadLetteredAtOnceWithOneIncident() {
        Envelope<ServiceCard> message = TestMessages.serviceCard();
        handler.script(cardId(message), Script.failPermanently());

        publish(message);

        awaitDeadLettered(message);
        assertThat(handler.attempts(cardId(message))).isEqualTo(1);
        assertThat(effects(message)).isZero();
        assertThat(incidentsAbout(message)).isEqualTo(1);
        assertThat(incidentsAbout(message, "kind = 'PROCESSING_FAILED' AND attempts = 1")).isEqualTo(1);
        assertThat(deadLetterHook.callsFor(cardId(message))).singleElement()
                .satisfies(call -> assertThat(call.error()).isInstanceOf(Failures.PermanentFailure.class));
    }

    @Test
    void theSameMessageDeliveredTwiceTakesEffectOnce() {
        Envelope<ServiceCard> message = TestMessages.serviceCard();
        double acked = consumed("acked");

        publish(message);
        publish(message);

        await("both deliveries acked").atMost(WAIT).until(() -> consumed("acked") == acked + 2);
        assertThat(effects(message)).isEqualTo(1);
        assertThat(handler.attempts(cardId(message))).isEqualTo(1);
        assertThat(database.count(
                "SELECT count(*) FROM testapp.processed_message WHERE message_id = '" + message.id() + "'"))
                .isEqualTo(1);
        assertThat(rabbit.messageCount(QUEUE)).isZero();
    }

    @Test
    void aBodyThatIsNotAnEnvelopeIsDeadLetteredAtOnceWithAPoisonIncident() {
        String marker = UUID.randomUUID().toString();
        String body = "{ this is not json " + marker;
        long undecodable = deadLetterHook.undecodableCalls();

        rabbit.publish(Destinations.SERVICE_CARDS, body);

        awaitDeadLettered(marker);
        assertThat(deadLetteredBodiesContaining(marker)).containsExactly(body);
        assertThat(database.count("SELECT count(*) FROM testapp.incident WHERE kind = 'POISON_MESSAGE' AND attempts = 1"
                + " AND payload = '" + body + "'")).isEqualTo(1);
        assertThat(deadLetterHook.undecodableCalls()).isEqualTo(undecodable + 1);
    }

    @Test
    void aBinaryBodyWithZeroBytesIsDeadLetteredAtOnceWithAPoisonIncident() {
        // PostgreSQL text cannot hold U+0000: the incident must still be written, or the message loops.
        String marker = UUID.randomUUID().toString();
        String body = "\u0000\u0001\u0002" + marker + "\u0000";

        rabbit.publish(Destinations.SERVICE_CARDS, body);

        awaitDeadLettered(marker);
        assertThat(deadLetteredBodiesContaining(marker)).containsExactly(body);
        assertThat(database.count("SELECT count(*) FROM testapp.incident WHERE kind = 'POISON_MESSAGE' AND attempts = 1"
                + " AND payload LIKE '%" + marker + "%'")).isEqualTo(1);
    }


    private static UUID cardId(Envelope<ServiceCard> message) {
        return message.data().cardId();
    }

    private static void publish(Envelope<ServiceCard> message) {
        rabbit.publish(Destinations.SERVICE_CARDS, codec.encodeToString(message));
    }

    private static double consumed(String outcome) {
        return meters.counter("moku.messages.consumed", "queue", QUEUE, "outcome", outcome).count();
    }

    private static long effects(Envelope<ServiceCard> message) {
        return database.count("SELECT count(*) FROM testapp.test_effect WHERE card_id = '" + cardId(message) + "'");
    }

    private static long incidentsAbout(Envelope<ServiceCard> message) {
        return incidentsAbout(message, "TRUE");
    }

    private static long incidentsAbout(Envelope<ServiceCard> message, String condition) {
        return database.count("SELECT count(*) FROM testapp.incident WHERE subject = '" + message.subject() + "' AND "
                + condition);
    }

    private static void awaitDeadLettered(Envelope<ServiceCard> message) {
        awaitDeadLettered(cardId(message).toString());
    }

    private static void awaitDeadLettered(String marker) {
        await("a message with " + marker + " dead-lettered").atMost(WAIT).until(() -> !deadLetteredBodiesContaining(marker).isEmpty());
    }

    private static List<String> deadLetteredBodiesOf(Envelope<ServiceCard> message) {
        return deadLetteredBodiesContaining(cardId(message).toString());
    }

    private static synchronized List<String> deadLetteredBodiesContaining(String marker) {
        deadLettered.addAll(rabbit.drain(DEAD_LETTER_QUEUE));
        return deadLettered.stream().map(Message::body).filter(body -> body.contains(marker)).toList();
    }
}
