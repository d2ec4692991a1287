package ru.moku.enrichment.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.enrichment.EnrichmentRequest.Party;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.EnrichmentResult.PartyResult;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;
import ru.moku.runtime.json.EnvelopeCodec;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestRabbit;

/**
 * Enrichment requests over the real RabbitMQ, PostgreSQL and Kafka, answered from the real Dadata simulator:
 * one result per request, one answer per party, delivered once however often the request is.
 */
class EnrichmentRequestIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static TestRabbit rabbit;
    private static EnvelopeCodec codec;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.start(Map.of(
                // One batch at a time (a batch may still hold the duplicate and the later request together).
                "moku.messaging.consumer.concurrency", "1"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        rabbit = service.rabbit();
        codec = service.bean(EnvelopeCodec.class);
    }

    @Test
    void everyPartyIsAnsweredWithItsOutcomeInOneResult() {
        String found = ids.legalEntityInn();
        String unknown = ids.personInn();
        String invalid = withWrongCheckDigit(ids.legalEntityInn());
        dadata.register(found, "FOUND", "45382000");
        dadata.register(unknown, "NOT_FOUND", null);
        Envelope<EnrichmentRequest> request = request(
                new Party(PartyRole.ORGANISATION, found, null),
                new Party(PartyRole.FOUNDER, unknown, null),
                new Party(PartyRole.FOUNDER, invalid, null));

        rabbit.publish(Destinations.ENRICHMENT_REQUESTS, codec.encodeToString(request));
        Envelope<EnrichmentResult> reply = awaitResult(request.data().cardId());

        assertThat(reply.type()).isEqualTo(MessageTypes.ENRICHMENT_COMPLETED);
        assertThat(reply.source()).isEqualTo("moku/enrichment");
        assertThat(reply.causationId()).isEqualTo(request.id());
        assertThat(reply.correlationId()).isEqualTo(request.correlationId());
        List<PartyResult> results = reply.data().results();
        assertThat(results).extracting(PartyResult::role, PartyResult::identifier, PartyResult::outcome,
                        PartyResult::oktmo)
                .containsExactly(
                        tuple(PartyRole.ORGANISATION, found, OktmoOutcome.FOUND, "45382000"),
                        tuple(PartyRole.FOUNDER, unknown, OktmoOutcome.NOT_FOUND, null),
                        tuple(PartyRole.FOUNDER, invalid, OktmoOutcome.FAILED, null));
        assertThat(results.get(0).reason()).isNull();
        assertThat(results.get(1).reason()).isEqualTo("NOT_FOUND: Dadata knows no party with " + unknown + ".");
        assertThat(results.get(2).reason()).startsWith("INVALID_IDENTIFIER: ИНН " + invalid + " is not valid: ")
                .endsWith("; Dadata was not asked.");
        // The invalid ИНН was never asked: only the two valid ones reached the cache table.
        assertThat(service.database().count("SELECT count(*) FROM enrichment.oktmo_lookup WHERE identifier IN ('"
                + found + "', '" + unknown + "', '" + invalid + "')")).isEqualTo(2);
    }

    @Test
    void aPartyWithoutInnIsLookedUpByItsOgrn() {
        String ogrn = ids.ogrn();
        Envelope<EnrichmentRequest> request = request(new Party(PartyRole.ORGANISATION, null, ogrn));

        rabbit.publish(Destinations.ENRICHMENT_REQUESTS, codec.encodeToString(request));
        PartyResult result = awaitResult(request.data().cardId()).data().results().get(0);

        assertThat(result.identifier()).isEqualTo(ogrn);
        assertThat(result.outcome()).isIn(OktmoOutcome.FOUND, OktmoOutcome.NOT_FOUND);
        assertThat(service.database().count("SELECT count(*) FROM enrichment.oktmo_lookup WHERE identifier = '"
                + ogrn + "' AND identifier_kind = 'OGRN'")).isEqualTo(1);
    }

    @Test
    void aRequestDeliveredTwiceIsAnsweredOnce() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "46000000");
        Envelope<EnrichmentRequest> request = request(new Party(PartyRole.ORGANISATION, inn, null));
        Envelope<EnrichmentRequest> later = request(new Party(PartyRole.ORGANISATION, inn, null));

        rabbit.publishAll(Destinations.ENRICHMENT_REQUESTS,
                List.of(codec.encodeToString(request), codec.encodeToString(request), codec.encodeToString(later)));
        Envelope<EnrichmentResult> reply = awaitResult(request.data().cardId());
        awaitResult(later.data().cardId());

        assertThat(reply.data().results()).extracting(PartyResult::oktmo).containsExactly("46000000");
        assertThat(service.database().count("SELECT count(*) FROM enrichment.outbox WHERE message_type = '"
                + MessageTypes.ENRICHMENT_COMPLETED + "' AND payload LIKE '%" + request.data().cardId() + "%'"))
                .isEqualTo(1);
        assertThat(otherResults).as("a second answer taken while awaiting the later one")
                .doesNotContainKey(request.data().cardId());
        assertThat(rabbit.drain(Destinations.ENRICHMENT_RESULTS.queue()))
                .extracting(message -> decode(message.body()).data().cardId())
                .doesNotContain(request.data().cardId());
    }

    /** Issue 12: the parties of a request are read from the cache in one statement, then answered in order. */
    @Test
    void partiesAnsweredBeforeComeFromTheCacheInTheRequestsOrder() {
        String organisation = ids.legalEntityInn();
        String founder = ids.personInn();
        dadata.register(organisation, "FOUND", "45382000");
        dadata.register(founder, "FOUND", "46000000");
        Envelope<EnrichmentRequest> first = request(new Party(PartyRole.ORGANISATION, organisation, null),
                new Party(PartyRole.FOUNDER, founder, null));
        rabbit.publish(Destinations.ENRICHMENT_REQUESTS, codec.encodeToString(first));
        awaitResult(first.data().cardId());
        double cachedBefore = cachedAnswers();

        Envelope<EnrichmentRequest> again = request(new Party(PartyRole.FOUNDER, founder, null),
                new Party(PartyRole.ORGANISATION, organisation, null));
        rabbit.publish(Destinations.ENRICHMENT_REQUESTS, codec.encodeToString(again));

        assertThat(awaitResult(again.data().cardId()).data().results())
                .extracting(PartyResult::role, PartyResult::identifier, PartyResult::oktmo)
                .containsExactly(tuple(PartyRole.FOUNDER, founder, "46000000"),
                        tuple(PartyRole.ORGANISATION, organisation, "45382000"));
        assertThat(cachedAnswers()).isEqualTo(cachedBefore + 2);
    }

    private static double cachedAnswers() {
        return service.bean(MeterRegistry.class).find("moku.enrichment.lookups").tag("source", "cache").counters()
                .stream().mapToDouble(Counter::count).sum();
    }

    private static Envelope<EnrichmentRequest> request(Party... parties) {
        UUID cardId = UUID.randomUUID();
        return Envelope.create(MessageTypes.ENRICHMENT_REQUESTED, "moku/card-processor", cardId, null,
                cardId.toString(), new EnrichmentRequest(cardId, List.of(parties)));
    }

    /**
     * The result for {@code cardId} from {@code qal.enrichment-results}. Results of other cards taken meanwhile are kept
     * for a later call ({@link #otherResults}): a consumer records a micro-batch in the order of its subjects, so two
     * requests published one after the other may be answered in either order.
     */
    private static Envelope<EnrichmentResult> awaitResult(UUID cardId) {
        AtomicReference<Envelope<EnrichmentResult>> found = new AtomicReference<>(otherResults.remove(cardId));
        await("the enrichment result of card " + cardId).atMost(WAIT).until(() -> {
            String body;
            while (found.get() == null && (body = rabbit.take(Destinations.ENRICHMENT_RESULTS.queue())) != null) {
                Envelope<EnrichmentResult> result = decode(body);
                if (result.data().cardId().equals(cardId)) {
                    found.set(result);
                } else {
                    otherResults.put(result.data().cardId(), result);
                }
            }
            return found.get() != null;
        });
        return found.get();
    }

    /** Results taken from the queue while another card's was awaited. */
    private static final java.util.Map<UUID, Envelope<EnrichmentResult>> otherResults =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Envelope<EnrichmentResult> decode(String body) {
        return codec.decode(body.getBytes(StandardCharsets.UTF_8), EnrichmentResult.class);
    }

    private static String withWrongCheckDigit(String inn) {
        char last = inn.charAt(inn.length() - 1);
        return inn.substring(0, inn.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }
}
