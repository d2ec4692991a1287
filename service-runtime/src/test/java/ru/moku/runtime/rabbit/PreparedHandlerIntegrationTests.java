package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.PartyRole;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testapp.PreparingHandler;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;

/**
 * A {@link ReliableConsumer} with a {@link PreparedMessageHandler} (the test application's {@link PreparingHandler}
 * on {@link Destinations#ENRICHMENT_REQUESTS}), against the real PostgreSQL and RabbitMQ.
 */
class PreparedHandlerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String QUEUE = Destinations.ENRICHMENT_REQUESTS.queue();

    @AutoClose
    private static RunningService service;
    private static PreparingHandler handler;
    private static EnvelopeCodec codec;
    private static MeterRegistry meters;

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of());
        handler = service.bean(PreparingHandler.class);
        codec = service.bean(EnvelopeCodec.class);
        meters = service.bean(MeterRegistry.class);
    }

    @Test
    void prepareRunsOutsideAnyTransactionAndHandleRecordsItsResult() {
        Envelope<EnrichmentRequest> message = request();
        double acked = acked();

        publish(message);

        await("message acked").atMost(WAIT).until(() -> acked() == acked + 1);
        assertThat(handler.preparations(cardId(message))).isEqualTo(1);
        assertThat(handler.preparedInTransaction(cardId(message))).isFalse();
        assertThat(effectNotes(message)).containsExactly("prepared on attempt 1");
    }

    @Test
    void aTransientFailureInPrepareIsRetriedAndTakesEffectOnce() {
        Envelope<EnrichmentRequest> message = request();
        handler.failTransiently(cardId(message), 2);
        double acked = acked();

        publish(message);

        await("message acked").atMost(WAIT).until(() -> acked() == acked + 1);
        assertThat(handler.preparations(cardId(message))).isEqualTo(3);
        assertThat(effectNotes(message)).containsExactly("prepared on attempt 3");
    }

    @Test
    void aMessageAlreadyInTheInboxIsNotPreparedAgain() {
        Envelope<EnrichmentRequest> message = request();
        double acked = acked();
        double duplicates = duplicates();
        publish(message);
        await("first delivery acked").atMost(WAIT).until(() -> acked() == acked + 1);

        publish(message);

        await("second delivery acked").atMost(WAIT).until(() -> acked() == acked + 2);
        assertThat(handler.preparations(cardId(message))).isEqualTo(1);
        assertThat(duplicates()).isEqualTo(duplicates + 1);
        assertThat(effectNotes(message)).containsExactly("prepared on attempt 1");
    }

    private static Envelope<EnrichmentRequest> request() {
        UUID cardId = UUID.randomUUID();
        EnrichmentRequest request = new EnrichmentRequest(cardId,
                List.of(new EnrichmentRequest.Party(PartyRole.ORGANISATION, "7707083893", null)));
        return Envelope.create(MessageTypes.ENRICHMENT_REQUESTED, "test", cardId, null, cardId.toString(), request);
    }

    private static UUID cardId(Envelope<EnrichmentRequest> message) {
        return message.data().cardId();
    }

    private static void publish(Envelope<EnrichmentRequest> message) {
        service.rabbit().publish(Destinations.ENRICHMENT_REQUESTS, codec.encodeToString(message));
    }

    private static double acked() {
        return meters.counter("moku.messages.consumed", "queue", QUEUE, "outcome", "acked").count();
    }

    private static double duplicates() {
        return meters.counter("moku.messages.duplicates", "queue", QUEUE).count();
    }

    private static List<String> effectNotes(Envelope<EnrichmentRequest> message) {
        return service.database().strings("SELECT note FROM testapp.test_effect WHERE card_id = '"
                + cardId(message) + "' ORDER BY id");
    }
}
