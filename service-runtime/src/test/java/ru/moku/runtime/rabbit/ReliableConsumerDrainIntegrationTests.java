package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testapp.ScriptedHandler;
import ru.moku.runtime.testapp.TestMessages;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;

/**
 * Shutdown of a consumer (the application context closing, as on SIGTERM) with deliveries in flight: they are
 * finished and acked before the channel closes; one stuck past the drain timeout is redelivered to the next consumer.
 */
class ReliableConsumerDrainIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String QUEUE = Destinations.SERVICE_CARDS.queue();

    private TestDatabase database;
    private TestRabbit rabbit;

    @BeforeEach
    void createServers() {
        database = TestDatabase.create();
        rabbit = TestRabbit.create();
    }

    @AfterEach
    void dropServers() {
        rabbit.close();
        database.close();
    }

    @Test
    void deliveriesInFlightAtShutdownAreFinishedAndAckedOnce() {
        int messages = 40;
        // Each handling takes a while, so that several are in flight when the context closes.
        Map<String, String> slow = Map.of(
                "runtime-test.handler-delay", "1500ms",
                "moku.messaging.consumer.concurrency", "4",
                "moku.messaging.consumer.prefetch", "8",
                "moku.messaging.consumer.drain-timeout", "60s");
        Set<UUID> startedBeforeShutdown;
        try (ConfigurableApplicationContext first = RuntimeTestApplication.start(database, rabbit, slow)) {
            EnvelopeCodec codec = first.getBean(EnvelopeCodec.class);
            ScriptedHandler handler = first.getBean(ScriptedHandler.class);
            rabbit.publishAll(Destinations.SERVICE_CARDS, IntStream.range(0, messages)
                    .mapToObj(i -> codec.encodeToString(TestMessages.serviceCard())).toList());
            await("handlings in flight").atMost(WAIT).until(() -> handler.started().size() >= 4);
            startedBeforeShutdown = handler.started();
        }
        // Closing returned: every handling that had begun finished and committed its effect.
        Set<String> committed = Set.copyOf(database.strings("SELECT card_id FROM testapp.test_effect"));
        assertThat(committed).containsAll(startedBeforeShutdown.stream().map(UUID::toString)
                .collect(Collectors.toSet()));
        // ... and was acked: exactly the messages without an effect are back in the queue, none twice, none lost.
        await("the unprocessed messages back in the queue").atMost(WAIT)
                .until(() -> rabbit.messageCount(QUEUE) == messages - committed.size());
        assertThat(rabbit.messageCount(QUEUE)).isEqualTo(messages - committed.size());

        try (ConfigurableApplicationContext second = RuntimeTestApplication.start(database, rabbit, Map.of())) {
            await("every message processed").atMost(WAIT).until(() -> effects() == messages);
            await("the queue empty").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) == 0);
        }
        assertThat(effects()).isEqualTo(messages);
        assertThat(database.count("SELECT count(DISTINCT card_id) FROM testapp.test_effect")).isEqualTo(messages);
        assertThat(database.count("SELECT count(*) FROM testapp.processed_message")).isEqualTo(messages);
        assertThat(rabbit.messageCount(Destinations.SERVICE_CARDS.deadLetterQueue())).isZero();
        assertThat(database.count("SELECT count(*) FROM testapp.incident")).isZero();
    }

    @Test
    void aHandlerStuckPastTheDrainTimeoutIsRedeliveredToTheNextConsumer() {
        Envelope<ServiceCard> stuck = TestMessages.serviceCard();
        UUID cardId = stuck.data().cardId();
        long closedAfterMillis;
        try (ConfigurableApplicationContext first = RuntimeTestApplication.start(database, rabbit,
                Map.of("moku.messaging.consumer.drain-timeout", "2s"))) {
            ScriptedHandler handler = first.getBean(ScriptedHandler.class);
            handler.script(cardId, ScriptedHandler.Script.hangOnce());
            rabbit.publish(Destinations.SERVICE_CARDS, first.getBean(EnvelopeCodec.class).encodeToString(stuck));
            await("the handler stuck").atMost(WAIT).until(() -> handler.attempts(cardId) == 1);
            long closing = System.nanoTime();
            first.close();
            closedAfterMillis = Duration.ofNanos(System.nanoTime() - closing).toMillis();
        }
        // The context waited for the drain timeout, not for ever (nor the phase timeout, 30 s by default).
        assertThat(closedAfterMillis).isBetween(1_900L, 25_000L);
        assertThat(effects()).as("the stuck attempt's transaction rolled back").isZero();
        await("the stuck message back in the queue").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) == 1);

        try (ConfigurableApplicationContext second = RuntimeTestApplication.start(database, rabbit, Map.of())) {
            await("the message processed by the next consumer").atMost(WAIT).until(() -> effects() == 1);
            await("the queue empty").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) == 0);
        }
        assertThat(database.strings("SELECT card_id FROM testapp.test_effect")).isEqualTo(List.of(cardId.toString()));
        assertThat(database.count("SELECT count(*) FROM testapp.incident")).isZero();
    }

    private long effects() {
        return database.count("SELECT count(*) FROM testapp.test_effect");
    }
}
