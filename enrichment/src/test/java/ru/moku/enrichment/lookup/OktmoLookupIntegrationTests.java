package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/** The lookup against the real Dadata simulator and PostgreSQL: outcomes, retries, pressure, cache, single-flight. */
class OktmoLookupIntegrationTests {

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
        enrichment = EnrichmentUnderTest.startWithClosedCircuit(Map.of(
                "moku.enrichment.resilience.call-timeout", "3s"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        database = service.database();
        lookup = service.bean(OktmoLookup.class);
    }

    @AfterEach
    void resetFaults() {
        dadata.resetFaults();
    }

    @Test
    void aKnownPartyGivesItsOktmoAndIsStoredAsFound() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(answer.oktmo()).isEqualTo("45382000");
        assertThat(answer.cached()).isFalse();
        assertThat(answer.attempts()).isEqualTo(1);
        assertThat(database.queryForObject("SELECT outcome || ':' || oktmo FROM enrichment.oktmo_lookup"
                + " WHERE identifier = '" + inn + "' AND expires_at > now() + INTERVAL '29 days'", String.class))
                .isEqualTo("FOUND:45382000");
    }

    @Test
    void aPersonsInnIsFound() {
        String inn = ids.personInn();
        dadata.register(inn, "FOUND", "46000000");

        assertThat(lookup(inn).oktmo()).isEqualTo("46000000");
    }

    @Test
    void theOktmoOfTheAddressIsUsedWhenThePartyHasNone() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "ADDRESS_ONLY_OKTMO", "45000000000");

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(answer.oktmo()).isEqualTo("45000000000");
    }

    @Test
    void anUnknownPartyIsNotFoundExplicitlyWithAShortTtl() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "NOT_FOUND", null);

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.NOT_FOUND);
        assertThat(answer.oktmo()).isNull();
        assertThat(answer.reason()).isEqualTo("NOT_FOUND: Dadata knows no party with " + inn + ".");
        assertThat(database.count("SELECT count(*) FROM enrichment.oktmo_lookup WHERE identifier = '" + inn
                + "' AND outcome = 'NOT_FOUND' AND oktmo IS NULL"
                + " AND expires_at BETWEEN now() + INTERVAL '23 hours' AND now() + INTERVAL '25 hours'")).isEqualTo(1);
    }

    @Test
    void aPartyWithoutOktmoIsNotFound() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "NO_OKTMO", null);

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.NOT_FOUND);
        assertThat(answer.reason()).isEqualTo("NO_OKTMO: Dadata's party has no ОКТМО, nor has its address.");
    }

    @Test
    void aFailingPartnerGetsExactlyThreeRequestsThenTheLookupFailsWithAnIncident() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("http503Rate", 1.0));

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(answer.oktmo()).isNull();
        assertThat(answer.attempts()).isEqualTo(3);
        assertThat(answer.reason()).isEqualTo("DADATA_UNAVAILABLE: Dadata answered 503; 3 attempts in all.");
        assertThat(answer.incidentId()).isNotNull();
        assertThat(dadata.requestsFor(inn)).isEqualTo(3);
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE subject = '" + inn
                + "' AND kind = 'DADATA_LOOKUP_FAILED' AND attempts = 3 AND id = '" + answer.incidentId() + "'"))
                .isEqualTo(1);
        assertThat(database.queryForObject("SELECT outcome FROM enrichment.oktmo_lookup WHERE identifier = '"
                + inn + "' AND expires_at <= now()", String.class)).isEqualTo("FAILED");
    }

    @Test
    void aPartyThatKeepsFailingCountsOnOneOpenIncident() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("http503Rate", 1.0));

        OktmoAnswer first = lookup(inn);
        OktmoAnswer second = lookup(inn);

        assertThat(second.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(second.incidentId()).isEqualTo(first.incidentId());
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE subject = '" + inn
                + "' AND kind = 'DADATA_LOOKUP_FAILED' AND status = 'OPEN' AND occurrences = 2")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE subject = '" + inn + "'"))
                .isEqualTo(1);
    }

    @Test
    void aFailedLookupIsNotServedFromTheCache() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("http500Rate", 1.0));
        assertThat(lookup(inn).outcome()).isEqualTo(OktmoOutcome.FAILED);
        dadata.resetFaults();

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(dadata.requestsFor(inn)).isEqualTo(4);
    }

    @Test
    void aTimedOutPartnerIsRetriedAndFails() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("timeoutRate", 1.0, "timeoutDuration", "10s"));

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(answer.reason()).isEqualTo("DADATA_TIMEOUT: Dadata did not answer within 3s; 3 attempts in all.");
        assertThat(answer.incidentId()).isNotNull();
        assertThat(dadata.requestsFor(inn)).isEqualTo(3);
    }

    @Test
    void pressureSlowsTheLookupsDownUntilTheyAllSucceed() {
        List<String> inns = Flux.range(0, 6).map(i -> ids.legalEntityInn()).collectList().block();
        inns.forEach(inn -> dadata.register(inn, "FOUND", "45382000"));
        dadata.resetStats();
        dadata.faults(Map.of("rateLimit", 2, "retryAfter", "1s"));
        double pressureRetries = pressureRetries();

        List<OktmoAnswer> answers = Flux.fromIterable(inns)
                .flatMap(inn -> lookup.lookup(PartyIdentifier.inn(inn)))
                .collectList()
                .block(WAIT);

        assertThat(answers).hasSize(6).allSatisfy(answer -> assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FOUND));
        assertThat(dadata.stats().withStatus(429)).isPositive();
        assertThat(dadata.stats().withStatus(200)).isEqualTo(6);
        // The 429s were waited out and asked again (retries after pressure, which spend no attempt).
        assertThat(pressureRetries() - pressureRetries).isPositive()
                .isLessThanOrEqualTo((double) dadata.stats().withStatus(429));
        assertThat(database.count("SELECT count(*) FROM enrichment.incident WHERE subject IN ('"
                + String.join("','", inns) + "')")).isZero();
    }

    @Test
    void aSecondLookupIsServedFromTheCacheWithoutARequest() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");

        double cacheHits = cacheHits();
        OktmoAnswer first = lookup(inn);
        OktmoAnswer second = lookup(inn);

        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.oktmo()).isEqualTo("45382000");
        assertThat(second.lookedUpAt()).isEqualTo(first.lookedUpAt());
        assertThat(dadata.requestsFor(inn)).isEqualTo(1);
        assertThat(cacheHits()).isEqualTo(cacheHits + 1);
    }

    @Test
    void concurrentLookupsOfOneIdentifierMakeOneRequest() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        // Long enough that all ten join the first one's flight, well within the call timeout.
        dadata.faults(Map.of("latency", "1s"));

        List<OktmoAnswer> answers = Flux.range(0, 10)
                .flatMap(i -> lookup.lookup(PartyIdentifier.inn(inn)))
                .collectList()
                .block(WAIT);

        // All ten share the one fresh answer: none of them was served by the cache.
        assertThat(answers).hasSize(10).allSatisfy(answer -> {
            assertThat(answer.oktmo()).isEqualTo("45382000");
            assertThat(answer.cached()).isFalse();
        });
        assertThat(dadata.requestsFor(inn)).isEqualTo(1);
    }

    private static double pressureRetries() {
        return service.bean(MeterRegistry.class).counter(ResilientCalls.RETRIES_METRIC, "reason", "pressure").count();
    }

    private static double cacheHits() {
        return service.bean(MeterRegistry.class).counter(OktmoLookup.LOOKUPS_METRIC,
                "outcome", "FOUND", "source", "cache").count();
    }

    private static OktmoAnswer lookup(String inn) {
        return lookup.lookup(PartyIdentifier.inn(inn)).block(WAIT);
    }
}
