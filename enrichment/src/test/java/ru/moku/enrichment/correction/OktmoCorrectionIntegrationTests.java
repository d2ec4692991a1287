package ru.moku.enrichment.correction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * The correction loop's first step (issue 13) over the real servers and the Dadata simulator: an operator's retry of a
 * {@code DADATA_LOOKUP_FAILED} incident looks the party up again; an answer goes to {@code qal.oktmo-corrections}, a
 * failure again opens a new incident with the reason.
 */
class OktmoCorrectionIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static TestDatabase database;
    private static WebTestClient operator;
    private static EnvelopeCodec codec;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.startWithClosedCircuit(Map.of(
                "moku.enrichment.resilience.max-backoff", "50ms"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        database = service.database();
        codec = service.bean(EnvelopeCodec.class);
        operator = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT)
                .defaultHeaders(TestJwts.bearer(TestJwts.operator())).build();
    }

    @AfterEach
    void healDadata() {
        dadata.resetFaults();
    }

    @Test
    void aRetriedLookupThatFindsTheOktmoSendsTheCorrectionAndResolvesTheIncident() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "92701000");
        UUID incident = failedLookup(inn);

        dadata.resetFaults();
        retry(incident);

        Envelope<OktmoCorrection> correction = awaitCorrection(inn);
        assertThat(correction.type()).isEqualTo(MessageTypes.OKTMO_CORRECTED);
        assertThat(correction.correlationId()).isEqualTo(incident);
        assertThat(correction.data().outcome()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(correction.data().oktmo()).isEqualTo("92701000");
        assertThat(correction.data().reason()).isNull();
        assertThat(correction.data().correctedAt()).isNotNull();
        assertThat(database.queryForObject("SELECT status FROM enrichment.incident WHERE id = '" + incident + "'",
                String.class)).isEqualTo("RESOLVED");
        assertThat(openIncidents(inn)).isZero();
    }

    @Test
    void aRetriedLookupThatFailsAgainOpensANewIncidentWithTheReasonAndSendsNothing() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "92701000");
        UUID incident = failedLookup(inn);

        retry(incident);

        await("a new incident").atMost(WAIT).until(() -> openIncidents(inn) == 1);
        assertThat(database.queryForObject("SELECT message FROM enrichment.incident WHERE subject = '" + inn
                + "' AND status = 'OPEN'", String.class)).startsWith("DADATA_UNAVAILABLE: ");
        assertThat(database.count("SELECT count(*) FROM enrichment.outbox WHERE message_type = '"
                + MessageTypes.OKTMO_CORRECTED + "' AND payload LIKE '%" + inn + "%'")).isZero();
        // The new incident can be retried in its turn.
        dadata.resetFaults();
        retry(UUID.fromString(database.queryForObject("SELECT id::text FROM enrichment.incident WHERE subject = '"
                + inn + "' AND status = 'OPEN'", String.class)));
        assertThat(awaitCorrection(inn).data().oktmo()).isEqualTo("92701000");
    }

    @Test
    void aRetriedLookupThatDadataNowAnswersNotFoundIsSentAsNotFound() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "NOT_FOUND", null);
        UUID incident = failedLookup(inn);

        dadata.resetFaults();
        retry(incident);

        OktmoCorrection correction = awaitCorrection(inn).data();
        assertThat(correction.outcome()).isEqualTo(OktmoOutcome.NOT_FOUND);
        assertThat(correction.oktmo()).isNull();
        assertThat(correction.reason()).startsWith("NOT_FOUND: ");
    }

    /** A lookup through the operators' endpoint while Dadata answers 503: FAILED, with its incident. */
    private static UUID failedLookup(String inn) {
        dadata.faults(Map.of("http503Rate", 1.0));
        operator.get().uri("/api/v1/oktmo?inn={inn}", inn).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.outcome").isEqualTo("FAILED");
        return UUID.fromString(database.queryForObject("SELECT id::text FROM enrichment.incident WHERE subject = '"
                + inn + "' AND kind = 'DADATA_LOOKUP_FAILED' AND status = 'OPEN'", String.class));
    }

    private static void retry(UUID incident) {
        operator.post().uri("/api/v1/incidents/{id}/retry", incident).exchange().expectStatus().isAccepted();
    }

    private static long openIncidents(String inn) {
        return database.count("SELECT count(*) FROM enrichment.incident WHERE subject = '" + inn
                + "' AND kind = 'DADATA_LOOKUP_FAILED' AND status = 'OPEN'");
    }

    private static Envelope<OktmoCorrection> awaitCorrection(String identifier) {
        AtomicReference<Envelope<OktmoCorrection>> found = new AtomicReference<>();
        await("the correction of " + identifier).atMost(WAIT).until(() -> {
            String body;
            while (found.get() == null
                    && (body = service.rabbit().take(Destinations.OKTMO_CORRECTIONS.queue())) != null) {
                Envelope<OktmoCorrection> correction = codec.decode(body.getBytes(StandardCharsets.UTF_8),
                        OktmoCorrection.class);
                if (correction.data().identifier().equals(identifier)) {
                    found.set(correction);
                }
            }
            return found.get() != null;
        });
        return found.get();
    }
}
