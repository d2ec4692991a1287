package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import ru.moku.runtime.testapp.TestMessages;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;

/** A consumer stopped with work in flight and queued, and a new instance that takes over. */
class ReliableConsumerRestartIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = Destinations.SERVICE_CARDS.queue();
    private static final int MESSAGES = 120;
    /** A slow handler with little concurrency, so that most messages are still queued at the stop. */
    private static final Map<String, String> SLOW_CONSUMER = Map.of(
            "runtime-test.handler-delay", "40ms",
            "moku.messaging.consumer.concurrency", "2",
            "moku.messaging.consumer.prefetch", "4");

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
    void messagesQueuedWhenTheConsumerStopsAreProcessedOnceByTheNextOne() {
        try (ConfigurableApplicationContext first = RuntimeTestApplication.start(database, rabbit, SLOW_CONSUMER)) {
            EnvelopeCodec codec = first.getBean(EnvelopeCodec.class);
            List<String> bodies = IntStream.range(0, MESSAGES)
                    .mapToObj(i -> codec.encodeToString(TestMessages.serviceCard()))
                    .toList();
            rabbit.publishAll(Destinations.SERVICE_CARDS, bodies);
            await("the first consumer to process some").atMost(WAIT).until(() -> effects() >= 10);
        }
        long processedByTheFirst = effects();
        assertThat(processedByTheFirst).isLessThan(MESSAGES);
        // Whatever the first did not commit is back in the queue (and perhaps a few it committed but did not ack).
        await("unprocessed messages back in the queue").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) >= MESSAGES - processedByTheFirst);

        try (ConfigurableApplicationContext second = RuntimeTestApplication.start(database, rabbit, Map.of())) {
            await("every message processed").atMost(WAIT).until(() -> distinctCardsWithEffect() == MESSAGES);
            await("the queue drained").atMost(WAIT).until(() -> rabbit.messageCount(QUEUE) == 0);
        }

        assertThat(effects()).isEqualTo(MESSAGES);
        assertThat(database.count("SELECT count(*) FROM testapp.processed_message")).isEqualTo(MESSAGES);
        assertThat(rabbit.messageCount(Destinations.SERVICE_CARDS.deadLetterQueue())).isZero();
        assertThat(database.count("SELECT count(*) FROM testapp.incident")).isZero();
    }

    private long effects() {
        return database.count("SELECT count(*) FROM testapp.test_effect");
    }

    private long distinctCardsWithEffect() {
        return database.count("SELECT count(DISTINCT card_id) FROM testapp.test_effect");
    }

}
