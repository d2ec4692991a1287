package ru.moku.cardprocessor.testing;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.cardprocessor.CardProcessorApplication;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Destinations.WorkQueue;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;
import ru.moku.runtime.json.EnvelopeCodec;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestRabbit;
import ru.moku.runtime.testing.TestSurveyKeys;

/**
 * card-processor started on a database and RabbitMQ names of its own (short backoffs), with what its tests send
 * and read: valid cards, their envelopes, messages taken off a queue. Close it to drop everything again.
 */
public final class CardProcessorUnderTest implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(60);
    /** The ЛКП address survey links point to in tests. */
    public static final String LINK_BASE_URL = "https://lkp.test/survey/";

    private final RunningService service;
    private final IdentifierGenerator ids = new IdentifierGenerator(new Random(7));

    private CardProcessorUnderTest(RunningService service) {
        this.service = service;
    }

    public static CardProcessorUnderTest start() {
        return start(Map.of());
    }

    /** Started with {@code overrides} on top of the test defaults. */
    public static CardProcessorUnderTest start(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>(Map.of(
                "moku.messaging.consumer.first-backoff", "20ms",
                "moku.messaging.outbox.poll-interval", "20ms",
                "moku.card-processor.survey.token-private-key", TestSurveyKeys.privateKey(),
                "moku.card-processor.survey.link-base-url", LINK_BASE_URL));
        properties.putAll(overrides);
        return new CardProcessorUnderTest(RunningService.start(CardProcessorApplication.builder(), "qal",
                properties));
    }

    /** Stores {@code card} as the gateway would send it and waits for its outcome. */
    public ServiceCard store(ServiceCard card) {
        publish(envelope(card));
        awaitMessage(Destinations.CARD_OUTCOMES, CardOutcome.class, outcome -> outcome.cardId().equals(card.cardId()));
        return card;
    }

    /** Answers the enrichment request of a stored card: both parties FOUND with {@code oktmo}. */
    public void enrich(ServiceCard card, String oktmo) {
        publish(Destinations.ENRICHMENT_RESULTS, Envelope.create(MessageTypes.ENRICHMENT_COMPLETED, "moku/enrichment",
                card.cardId(), null, card.cardId().toString(), new EnrichmentResult(card.cardId(), List.of(
                        new EnrichmentResult.PartyResult(PartyRole.ORGANISATION, card.organisation().inn(), OktmoOutcome.FOUND, oktmo,
                                null),
                        new EnrichmentResult.PartyResult(PartyRole.FOUNDER, card.founder().inn(), OktmoOutcome.FOUND, oktmo, null)))));
    }

    /** The card's stage now. */
    public String stage(UUID cardId) {
        return database().queryForObject("SELECT stage FROM qal.service_card WHERE id = '" + cardId + "'",
                String.class);
    }

    /** Waits until the card is in {@code stage}. */
    public void awaitStage(UUID cardId, String stage) {
        await("card " + cardId + " " + stage).atMost(WAIT).until(() -> stage.equals(stage(cardId)));
    }

    public TestDatabase database() {
        return service.database();
    }

    public TestRabbit rabbit() {
        return service.rabbit();
    }

    /** A client of the service's HTTP API with an operator's bearer token. */
    public WebTestClient webClient() {
        return anonymousClient().mutate().defaultHeaders(TestJwts.bearer(TestJwts.operator())).build();
    }

    /** A client of the service's HTTP API sending no token. */
    public WebTestClient anonymousClient() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT).build();
    }

    /** A client of the service's management port (actuator). */
    public WebTestClient managementClient() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.managementPort())
                .responseTimeout(WAIT).build();
    }

    /** A bean of the running service (a handler, the transaction operator, the inbox). */
    public <T> T bean(Class<T> type) {
        return service.bean(type);
    }

    public EnvelopeCodec codec() {
        return service.bean(EnvelopeCodec.class);
    }

    /** A card with a valid legal entity and a valid person as its founder. */
    public synchronized ServiceCard validCard() {
        UUID cardId = UUID.randomUUID();
        return new ServiceCard(cardId, UUID.randomUUID(), UUID.randomUUID().toString(), 0, "10000012345",
                "APP-" + cardId.toString().substring(0, 8), LocalDate.of(2026, 11, 2),
                new ServiceCard.Organisation("ООО Вектор", ids.legalEntityInn(), ids.ogrn(), ids.kpp(), "г. Москва"),
                ServiceCard.Founder.person("Иванов", "Иван", "Иванович", ids.personInn(), null));
    }

    /** The card as the gateway sends it. */
    public static Envelope<ServiceCard> envelope(ServiceCard card) {
        return Envelope.create(MessageTypes.SERVICE_CARD, "moku/gateway", card.cardId(), null,
                card.cardId().toString(), card);
    }

    public void publish(Envelope<ServiceCard> message) {
        publish(Destinations.SERVICE_CARDS, message);
    }

    public void publish(WorkQueue queue, Envelope<?> message) {
        rabbit().publish(queue, codec().encodeToString(message));
    }

    /** Takes messages of {@code type} off {@code queue} (dropping others) until one matches. */
    public <T> Envelope<T> awaitMessage(WorkQueue queue, Class<T> type, Predicate<T> wanted) {
        Object[] found = new Object[1];
        await(type.getSimpleName() + " on " + queue.queue()).atMost(WAIT).until(() -> {
            String body = rabbit().take(queue.queue());
            while (body != null) {
                Envelope<T> message = codec().decode(body.getBytes(), type);
                if (wanted.test(message.data())) {
                    found[0] = message;
                    return true;
                }
                body = rabbit().take(queue.queue());
            }
            return false;
        });
        @SuppressWarnings("unchecked")
        Envelope<T> message = (Envelope<T>) found[0];
        return message;
    }

    /** {@code SELECT count(*) FROM qal.<fromWhere>}. */
    public long count(String fromWhere) {
        return database().count("SELECT count(*) FROM qal." + fromWhere);
    }

    @Override
    public void close() {
        service.close();
    }
}
