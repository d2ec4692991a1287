package ru.moku.gateway.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.MediaType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.gateway.GatewayApplication;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.json.EnvelopeCodec;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestSurveyKeys;

/**
 * The gateway started for one integration test class on the real servers, with a database and
 * RabbitMQ names of its own (and the JVM's in-process Kafka), as a {@link RunningService} with the
 * gateway's test settings; close it after the class's last test ({@code @AutoClose}).
 */
public final class GatewayTestApp implements AutoCloseable {

    public final TestDatabase db;
    public final TestRabbit rabbit;
    public final ConfigurableApplicationContext context;
    /** The gateway's API, every request with an operator's bearer token (ignored by the open endpoints). */
    public final WebTestClient http;
    /** The gateway's management port (actuator: health, info, prometheus). */
    public final WebTestClient management;
    private final RunningService service;
    /** Service cards taken from the queue but not yet claimed by a test. */
    private final List<Envelope<ServiceCard>> takenCards = new ArrayList<>();

    private GatewayTestApp(RunningService service) {
        this.service = service;
        this.db = service.database();
        this.rabbit = service.rabbit();
        this.context = service.context();
        this.http = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port())
                .defaultHeaders(TestJwts.bearer(TestJwts.operator()))
                .responseTimeout(Duration.ofSeconds(30)).build();
        this.management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.managementPort())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Starts the gateway with {@code overrides} on top of the test's database, broker and Kafka. */
    public static GatewayTestApp start(Map<String, Object> overrides) {
        return start(overrides, new Class<?>[0]);
    }

    /** As {@link #start(Map)}, with test configuration classes ({@code extraSources}) added to the context. */
    public static GatewayTestApp start(Map<String, Object> overrides, Class<?>... extraSources) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("moku.messaging.outbox.poll-interval", "20ms");
        properties.put("moku.messaging.consumer.first-backoff", "50ms");
        properties.put("moku.messaging.consumer.max-backoff", "200ms");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        properties.put("moku.gateway.surveys.token-public-key", TestSurveyKeys.publicKey());
        // Each run counts in Redis keys of its own; tests give each client an IP of its own (X-Forwarded-For).
        properties.put("moku.gateway.surveys.rate-limit.key-prefix", "test:" + UUID.randomUUID() + ":");
        properties.put("server.forward-headers-strategy", "framework");
        // The push endpoint's mode is required; the tests of other features push without a credential.
        properties.put("moku.gateway.push.auth.mode", "NONE");
        properties.put("moku.gateway.push.auth.rate-limit.key-prefix", "test:" + UUID.randomUUID() + ":push:");
        properties.putAll(overrides);
        return new GatewayTestApp(RunningService.start(GatewayApplication.builder().sources(extraSources), "smev",
                properties));
    }

    public <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    public EnvelopeCodec codec() {
        return bean(EnvelopeCodec.class);
    }

    /** Waits for the service card envelope matching {@code wanted} on {@code qal.service-cards}. */
    public Envelope<ServiceCard> awaitCard(Predicate<Envelope<ServiceCard>> wanted) {
        await("a matching service card on the queue").atMost(Duration.ofSeconds(60)).until(() -> {
            drainCards();
            return takenCards.stream().anyMatch(wanted);
        });
        Envelope<ServiceCard> card = takenCards.stream().filter(wanted).findFirst().orElseThrow();
        takenCards.remove(card);
        return card;
    }

    /** Every service card envelope taken so far (and now) that matches {@code wanted}, without claiming them. */
    public List<Envelope<ServiceCard>> cardsSoFar(Predicate<Envelope<ServiceCard>> wanted) {
        drainCards();
        return takenCards.stream().filter(wanted).toList();
    }

    private void drainCards() {
        for (String body = rabbit.take(Destinations.SERVICE_CARDS.queue()); body != null;
             body = rabbit.take(Destinations.SERVICE_CARDS.queue())) {
            takenCards.add(codec().decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), ServiceCard.class));
        }
    }

    /** A message pushed and stored: its raw message and its instances in card order. */
    public record Pushed(UUID rawMessageId, String smevMessageId, List<UUID> instanceIds) {
    }

    /** Pushes a valid message holding {@code cards} and returns what was stored. */
    public Pushed pushValid(String... cards) {
        String messageId = SmevMessages.newMessageId();
        byte[] response = http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.envelope(messageId, SmevMessages.serviceData(cards)))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody().returnResult().getResponseBody();
        UUID rawMessageId = UUID.fromString(String.valueOf(codec().mapper().readValue(response, Map.class)
                .get("rawMessageId")));
        List<UUID> instances = new ArrayList<>();
        for (int position = 0; position < cards.length; position++) {
            instances.add(db.queryForObject("SELECT id FROM smev.integration_instance WHERE raw_message_id = '"
                    + rawMessageId + "' AND position = " + position, UUID.class));
        }
        return new Pushed(rawMessageId, messageId, instances);
    }

    /** Publishes card-processor's outcome for a card to {@code smev.card-outcomes}, as card-processor would. */
    public void publishOutcome(UUID cardId, UUID rawMessageId, CardOutcome.Result result, String reason) {
        Envelope<CardOutcome> envelope = Envelope.create(MessageTypes.CARD_OUTCOME, "moku/card-processor", cardId,
                null, cardId.toString(), new CardOutcome(cardId, rawMessageId, result, reason));
        rabbit.publish(Destinations.CARD_OUTCOMES, codec().encodeToString(envelope));
    }

    public int rawStatus(UUID rawMessageId) {
        return db.queryForObject("SELECT status FROM smev.raw_message WHERE id = '" + rawMessageId + "'", Integer.class);
    }

    public int instanceStatus(UUID instanceId) {
        return db.queryForObject("SELECT status FROM smev.integration_instance WHERE id = '" + instanceId + "'",
                Integer.class);
    }

    /** Waits until the raw message has {@code status}. */
    public void awaitRawStatus(UUID rawMessageId, int status) {
        await("raw message " + rawMessageId + " to reach status " + status).atMost(Duration.ofSeconds(60)).until(() -> rawStatus(rawMessageId) == status);
    }

    /** Waits until the instance has {@code status}. */
    public void awaitInstanceStatus(UUID instanceId, int status) {
        await("instance " + instanceId + " to reach status " + status).atMost(Duration.ofSeconds(60)).until(() -> instanceStatus(instanceId) == status);
    }

    /** Waits until the outbox has published everything written so far. */
    public void awaitOutboxEmpty() {
        await("the outbox to be published").atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT count(*) FROM smev.outbox WHERE published_at IS NULL") == 0);
    }

    @Override
    public void close() {
        service.close();
    }
}
