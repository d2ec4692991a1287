package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * A service whose key Dadata refuses (401): it stops calling, reports the refused key once, and answers FAILED —
 * each party with a reason and an incident of its own, also those Dadata was not asked about.
 */
class DadataAccessDeniedIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static TestDatabase database;
    private static OktmoLookup lookup;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.start(Map.of(
                "moku.enrichment.dadata.api-key", "not-our-key",
                // Open far longer than the test takes, however slow the machine: the later lookups find it open.
                "moku.enrichment.resilience.open-for", "10m"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        database = service.database();
        lookup = service.bean(OktmoLookup.class);
    }

    @Test
    void aRefusedKeyOpensTheCircuitAfterOneRequestReportsItOnceAndEveryPartyHasAnIncident() {
        String first = ids.legalEntityInn();
        String second = ids.legalEntityInn();
        String third = ids.legalEntityInn();
        dadata.resetStats();

        OktmoAnswer refused = lookup.lookup(PartyIdentifier.inn(first)).block(WAIT);
        OktmoAnswer paused = lookup.lookup(PartyIdentifier.inn(second)).block(WAIT);
        OktmoAnswer stillPaused = lookup.lookup(PartyIdentifier.inn(third)).block(WAIT);

        assertThat(refused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(refused.reason()).isEqualTo("ACCESS_DENIED: Dadata answered 401: it refuses our API key or the"
                + " daily quota is spent; calls are paused for 10m.");
        assertThat(paused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(paused.reason()).startsWith("CIRCUIT_OPEN: Calls to Dadata are paused");
        assertThat(paused.attempts()).isZero();
        assertThat(stillPaused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(stillPaused.reason()).startsWith("CIRCUIT_OPEN: ");
        assertThat(service.bean(ResilientCalls.class).circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        // Without the key Dadata does not read the body, so requests are counted in total only.
        assertThat(dadata.stats().total()).isEqualTo(1);
        assertThat(dadata.stats().withStatus(401)).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE kind = 'DADATA_ACCESS_DENIED'"
                + " AND subject = 'dadata' AND message LIKE 'ACCESS_DENIED: %'")).isEqualTo(1);
        for (OktmoAnswer answer : new OktmoAnswer[] {refused, paused, stillPaused}) {
            assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE kind = 'DADATA_LOOKUP_FAILED'"
                    + " AND subject = '" + answer.identifier() + "' AND id = '" + answer.incidentId() + "'"
                    + " AND message LIKE '" + answer.reason().substring(0, answer.reason().indexOf(':')) + ": %'"))
                    .as("the incident of %s", answer.identifier()).isEqualTo(1);
        }
        assertThat(database.count("SELECT count(*) FROM enrichment.incident")).isEqualTo(4);
    }
}
