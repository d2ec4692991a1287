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

/** A service whose key Dadata refuses (401): it stops calling, reports it once, and answers FAILED. */
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
                "moku.enrichment.dadata.api-key", "not-our-key"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        database = service.database();
        lookup = service.bean(OktmoLookup.class);
    }

    @Test
    void aRefusedKeyOpensTheCircuitAfterOneRequestWithOneIncident() {
        String first = ids.legalEntityInn();
        String second = ids.legalEntityInn();
        String third = ids.legalEntityInn();
        dadata.resetStats();

        OktmoAnswer refused = lookup.lookup(PartyIdentifier.inn(first)).block(WAIT);
        OktmoAnswer paused = lookup.lookup(PartyIdentifier.inn(second)).block(WAIT);
        OktmoAnswer stillPaused = lookup.lookup(PartyIdentifier.inn(third)).block(WAIT);

        assertThat(refused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(refused.attempts()).isEqualTo(1);
        assertThat(refused.reason()).contains("401");
        assertThat(refused.incidentId()).isNotNull();
        assertThat(paused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(paused.reason()).contains("circuit open");
        assertThat(paused.attempts()).isZero();
        assertThat(stillPaused.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(service.bean(ResilientCalls.class).circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        // Without the key Dadata does not read the body, so requests are counted in total only.
        assertThat(dadata.stats().total()).isEqualTo(1);
        assertThat(dadata.stats().withStatus(401)).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE kind = 'DADATA_ACCESS_DENIED'"))
                .isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM enrichment.incident")).isEqualTo(1);
    }
}
