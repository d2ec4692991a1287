package ru.moku.cardprocessor.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.EnrichmentResult.PartyResult;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;

/**
 * The ОКТМО correction loop in card-processor (issue 13) over the real PostgreSQL and RabbitMQ: a correction from the
 * enrichment service, or an ОКТМО set by an operator (checked against a stub of ЛКО's directory, contract 1), goes onto
 * the enriched cards of the party and hands their organisations to ПОС.ОС again; a stale or repeated one changes
 * nothing.
 */
class OktmoCorrectionIntegrationTests {

    private static final Duration WAIT = CardProcessorUnderTest.WAIT;
    /** The directory stub's answers by code: a status and a body. */
    private static final Map<String, String> directoryEntries = new ConcurrentHashMap<>();

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;
    private static DisposableServer directory;

    @BeforeAll
    static void start() {
        directory = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/api/v1/directory/oktmo/{code}", (request, response) -> {
                    String entry = directoryEntries.get(request.param("code"));
                    if (entry == null) {
                        return response.status(404).header("Content-Type", "application/problem+json")
                                .sendString(Mono.just("{\"status\":404}")).then();
                    }
                    if (entry.equals("500")) {
                        return response.status(500).send().then();
                    }
                    return response.status(200).header("Content-Type", "application/json")
                            .sendString(Mono.just(entry)).then();
                }))
                .bindNow(Duration.ofSeconds(10));
        cardProcessor = CardProcessorUnderTest.start(Map.of(
                "moku.card-processor.directory.base-url", "http://127.0.0.1:" + directory.port()));
    }

    @org.junit.jupiter.api.AfterAll
    static void stopDirectory() {
        directory.disposeNow(Duration.ofSeconds(10));
    }

    @Test
    void aFoundCorrectionGoesOntoTheCardAndHandsItsOrganisationOnAgain() {
        ServiceCard card = failedCard();

        correct(card.organisation().inn(), OktmoOutcome.FOUND, "92701000", Instant.now());

        await("corrected").atMost(WAIT).until(() -> "92701000|FOUND".equals(organisationOktmo(card)));
        await("handed on again").atMost(WAIT).until(() -> submissions(card) == 2);
        assertThat(latestSubmission(card)).contains("\"oktmo\":\"92701000\"").contains("\"oktmoStatus\":\"FOUND\"");
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("ENRICHED");
    }

    @Test
    void aStaleOrRepeatedCorrectionChangesNothing() {
        ServiceCard card = failedCard();
        Instant newer = Instant.now();
        correct(card.organisation().inn(), OktmoOutcome.FOUND, "92701000", newer);
        await("corrected").atMost(WAIT).until(() -> "92701000|FOUND".equals(organisationOktmo(card)));

        Envelope<OktmoCorrection> stale = correct(card.organisation().inn(), OktmoOutcome.FOUND, "45382000",
                newer.minusSeconds(60));
        Envelope<OktmoCorrection> repeated = correct(card.organisation().inn(), OktmoOutcome.FOUND, "92701000",
                newer.plusSeconds(1));

        await("both consumed").atMost(WAIT).until(() -> processed(stale) && processed(repeated));
        assertThat(organisationOktmo(card)).isEqualTo("92701000|FOUND");
        assertThat(submissions(card)).isEqualTo(2);
    }

    @Test
    void correctionsOfACardsOrganisationAndFounderAtOnceHandOnASubmissionWithBoth() throws Exception {
        ServiceCard card = failedCard();
        OktmoCorrections corrections = cardProcessor.bean(OktmoCorrections.class);
        TransactionalOperator tx = cardProcessor.bean(TransactionalOperator.class);
        CountDownLatch organisationApplied = new CountDownLatch(1);
        Instant at = Instant.now();

        // The organisation's correction keeps its transaction open a while after it applied...
        CompletableFuture<List<UUID>> organisation = tx.transactional(corrections.apply(card.organisation().inn(),
                        OktmoOutcome.FOUND, "92701000", null, at, null)
                .doOnNext(cards -> organisationApplied.countDown())
                .delayElement(Duration.ofSeconds(2))).toFuture();
        assertThat(organisationApplied.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // ...while the founder's is applied in another transaction.
        StepVerifier.create(tx.transactional(corrections.apply(card.founder().inn(), OktmoOutcome.FOUND, "45382000",
                        null, at.plusMillis(1), null)))
                .assertNext(cards -> assertThat(cards).containsExactly(card.cardId()))
                .verifyComplete();
        assertThat(organisation.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(card.cardId());

        // The hand-off written last is what ПОС.ОС ends with: it carries both corrections.
        assertThat(submissions(card)).isEqualTo(3);
        String last = cardProcessor.database().queryForObject("SELECT payload::text FROM qal.outbox WHERE message_type"
                + " = '" + MessageTypes.ORGANISATION_SUBMITTED + "' AND payload LIKE '%\"cardId\":\"" + card.cardId()
                + "\"%' ORDER BY id DESC LIMIT 1", String.class);
        assertThat(last).contains("\"oktmo\":\"92701000\"").contains("\"oktmo\":\"45382000\"");
    }

    @Test
    void aFounderIsCorrectedByItsInnToo() {
        ServiceCard card = failedCard();

        correct(card.founder().inn(), OktmoOutcome.NOT_FOUND, null, Instant.now());

        await("corrected").atMost(WAIT).until(() -> "NOT_FOUND".equals(cardProcessor.database().queryForObject(
                "SELECT oktmo_status FROM qal.founder WHERE card_id = '" + card.cardId() + "'", String.class)));
        await("handed on again").atMost(WAIT).until(() -> submissions(card) == 2);
        assertThat(organisationOktmo(card)).isEqualTo("null|FAILED");
    }

    @Test
    void aCorrectionThatCannotBeAppliedIsDeadLetteredWithAnIncident() {
        ServiceCard card = failedCard();

        Envelope<OktmoCorrection> invalid = correct(card.organisation().inn(), OktmoOutcome.FOUND, "12", Instant.now());

        await("incident").atMost(WAIT).until(() -> cardProcessor.count("incident WHERE kind = 'PROCESSING_FAILED'"
                + " AND message LIKE '%" + invalid.id() + "%'") == 1);
        assertThat(organisationOktmo(card)).isEqualTo("null|FAILED");
    }

    @Test
    void anOperatorSetsACurrentOktmoOfTheDirectory() {
        ServiceCard card = failedCard();
        directoryEntries.put("92701000", entry("92701000", "г Казань", true));

        cardProcessor.webClient().put().uri("/api/v1/parties/{inn}/oktmo", card.organisation().inn())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("oktmo", "92701000"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.oktmo").isEqualTo("92701000")
                .jsonPath("$.name").isEqualTo("г Казань")
                .jsonPath("$.cards[0]").isEqualTo(card.cardId().toString());

        assertThat(organisationOktmo(card)).isEqualTo("92701000|FOUND");
        assertThat(submissions(card)).isEqualTo(2);
    }

    @Test
    void anUnknownOrAbolishedOktmoIs422AndAnUnaskableDirectory503() {
        ServiceCard card = failedCard();
        directoryEntries.put("45382000", entry("45382000", "муниципальный округ Старый", false));
        directoryEntries.put("46783000", "500");

        setOktmo(card, "40303000").expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("no code"));
        setOktmo(card, "45382000").expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("abolished"));
        setOktmo(card, "46783000").expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        setOktmo(card, "12").expectStatus().isBadRequest();
        cardProcessor.webClient().put().uri("/api/v1/parties/{inn}/oktmo", "123")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("oktmo", "92701000"))
                .exchange().expectStatus().isBadRequest();

        assertThat(organisationOktmo(card)).isEqualTo("null|FAILED");
        assertThat(submissions(card)).isEqualTo(1);
    }

    @Test
    void anIdentifierNoCardHasIs404() {
        directoryEntries.put("92701000", entry("92701000", "г Казань", true));
        ServiceCard unknown = cardProcessor.validCard();

        cardProcessor.webClient().put().uri("/api/v1/parties/{inn}/oktmo", unknown.organisation().inn())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("oktmo", "92701000"))
                .exchange()
                .expectStatus().isNotFound();
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec setOktmo(
            ServiceCard card, String oktmo) {
        return cardProcessor.webClient().put().uri("/api/v1/parties/{inn}/oktmo", card.organisation().inn())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("oktmo", oktmo))
                .exchange();
    }

    private static String entry(String oktmo, String name, boolean current) {
        return """
                {"oktmo": "%s", "name": "%s", "kind": "URBAN_OKRUG", "parentOktmo": null, "regionOktmo": "92000000",
                 "regionName": "Республика Татарстан", "current": %s, "validFrom": 1, "validTo": %s}"""
                .formatted(oktmo, name, current, current ? "null" : "2");
    }

    /** A stored card whose organisation's and founder's lookups failed, enriched and handed on once. */
    private static ServiceCard failedCard() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        String reason = "DADATA_UNAVAILABLE: Dadata answered 503 to 3 attempts.";
        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, Envelope.create(MessageTypes.ENRICHMENT_COMPLETED,
                "moku/enrichment", card.cardId(), null, card.cardId().toString(), new EnrichmentResult(card.cardId(),
                        List.of(new PartyResult(PartyRole.ORGANISATION, card.organisation().inn(), OktmoOutcome.FAILED,
                                        null, reason),
                                new PartyResult(PartyRole.FOUNDER, card.founder().inn(), OktmoOutcome.FAILED, null,
                                        reason)))));
        cardProcessor.awaitStage(card.cardId(), "ENRICHED");
        await("handed on").atMost(WAIT).until(() -> submissions(card) == 1);
        return card;
    }

    private static Envelope<OktmoCorrection> correct(String identifier, OktmoOutcome outcome, String oktmo,
                                                     Instant at) {
        Envelope<OktmoCorrection> message = Envelope.create(MessageTypes.OKTMO_CORRECTED, "moku/enrichment",
                java.util.UUID.randomUUID(), null, identifier, new OktmoCorrection(identifier, outcome, oktmo,
                        oktmo == null ? "NOT_FOUND: Dadata knows no party with " + identifier + "." : null, at));
        cardProcessor.publish(Destinations.OKTMO_CORRECTIONS, message);
        return message;
    }

    private static boolean processed(Envelope<?> message) {
        return cardProcessor.count("processed_message WHERE message_id = '" + message.id() + "'") == 1;
    }

    private static String organisationOktmo(ServiceCard card) {
        return cardProcessor.database().queryForObject("SELECT coalesce(oktmo, 'null') || '|' || oktmo_status"
                + " FROM qal.organisation WHERE card_id = '" + card.cardId() + "'", String.class);
    }

    private static long submissions(ServiceCard card) {
        return cardProcessor.count("outbox WHERE message_type = '" + MessageTypes.ORGANISATION_SUBMITTED
                + "' AND payload LIKE '%\"cardId\":\"" + card.cardId() + "\"%'");
    }

    private static String latestSubmission(ServiceCard card) {
        return new String(cardProcessor.database().queryForObject("SELECT payload::text FROM qal.outbox"
                + " WHERE message_type = '" + MessageTypes.ORGANISATION_SUBMITTED + "' AND payload LIKE '%\"cardId\":\""
                + card.cardId() + "\"%' ORDER BY created_at DESC LIMIT 1", String.class)
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
