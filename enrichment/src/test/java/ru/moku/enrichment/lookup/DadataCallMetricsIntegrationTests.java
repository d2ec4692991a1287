package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.enrichment.dadata.DadataClient;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.testing.RunningService;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * The metrics of calls to Dadata against the real simulator: attempts by status and outcome, retries, the
 * circuit state, as the registry holds them and as {@code /actuator/prometheus} shows them.
 */
class DadataCallMetricsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static MeterRegistry meters;
    private static OktmoLookup lookup;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.startWithClosedCircuit(Map.of(
                "moku.enrichment.resilience.call-timeout", "3s"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        meters = service.bean(MeterRegistry.class);
        lookup = service.bean(OktmoLookup.class);
    }

    @AfterEach
    void resetFaults() {
        dadata.resetFaults();
    }

    @Test
    void everyRequestAnswered503IsOneCallWithStatus503AndTheRetriesAreCounted() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("http503Rate", 1.0));
        long calls503 = calls("503", "unavailable");
        double failureRetries = retries("failure");

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(dadata.requestsFor(inn)).isEqualTo(3);
        assertThat(calls("503", "unavailable") - calls503).isEqualTo(dadata.requestsFor(inn));
        assertThat(retries("failure") - failureRetries).isEqualTo(2.0);
    }

    @Test
    void aFoundPartyIsOneCallWithStatus200AndACacheHitIsNoCall() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        long found = calls("200", "found");
        long all = allCalls();

        lookup(inn);
        lookup(inn);

        assertThat(dadata.requestsFor(inn)).isEqualTo(1);
        assertThat(calls("200", "found") - found).isEqualTo(1);
        assertThat(allCalls() - all).isEqualTo(1);
    }

    @Test
    void anAttemptCutByTheCallTimeoutIsRecordedAsCancelled() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("timeoutRate", 1.0, "timeoutDuration", "10s"));
        long cancelled = calls("cancelled", "cancelled");

        OktmoAnswer answer = lookup(inn);

        assertThat(answer.outcome()).isEqualTo(OktmoOutcome.FAILED);
        assertThat(dadata.requestsFor(inn)).isEqualTo(3);
        assertThat(calls("cancelled", "cancelled") - cancelled).isEqualTo(3);
    }

    @Test
    void thePrometheusEndpointShowsCallsByStatusRetriesWaitsAndTheCircuitState() {
        String inn = ids.legalEntityInn();
        dadata.register(inn, "FOUND", "45382000");
        dadata.faults(Map.of("http502Rate", 1.0));
        lookup(inn);

        String scrape = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.managementPort())
                .responseTimeout(WAIT).build()
                .get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        assertThat(sample(scrape, "moku_enrichment_dadata_calls_seconds_count", "outcome=\"unavailable\"",
                "status=\"502\"")).isEqualTo(3.0);
        assertThat(sample(scrape, "moku_enrichment_dadata_retries_total", "reason=\"failure\""))
                .isEqualTo(retries("failure"));
        assertThat(sample(scrape, "moku_enrichment_ratelimiter_wait_seconds_count", "result=\"permitted\""))
                .isEqualTo((double) meters.get(ResilientCalls.RATE_LIMITER_WAIT_METRIC).tag("result", "permitted")
                        .timer().count())
                .isGreaterThanOrEqualTo(3.0);
        assertThat(sample(scrape, "resilience4j_circuitbreaker_state", "name=\"dadata\"", "state=\"closed\""))
                .isEqualTo(1.0);
        assertThat(sample(scrape, "resilience4j_circuitbreaker_state", "name=\"dadata\"", "state=\"open\""))
                .isZero();
    }

    private static long calls(String status, String outcome) {
        return Search.in(meters).name(DadataClient.CALLS_METRIC).tag("status", status).tag("outcome", outcome)
                .timers().stream().mapToLong(timer -> timer.count()).sum();
    }

    private static long allCalls() {
        return Search.in(meters).name(DadataClient.CALLS_METRIC).timers().stream()
                .mapToLong(timer -> timer.count()).sum();
    }

    private static double retries(String reason) {
        return meters.get(ResilientCalls.RETRIES_METRIC).tag("reason", reason).counter().count();
    }

    /** The value of the one sample of {@code name} whose labels include all of {@code labels}. */
    private static double sample(String scrape, String name, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((first, second) -> {
                    throw new AssertionError("more than one sample of " + name + " with " + String.join(",", labels));
                })
                .orElseThrow(() -> new AssertionError("no sample of " + name + " with " + String.join(",", labels)
                        + " in:\n" + scrape.lines().filter(line -> line.startsWith(name)).toList()));
    }

    private static OktmoAnswer lookup(String inn) {
        return lookup.lookup(PartyIdentifier.inn(inn)).block(WAIT);
    }
}
