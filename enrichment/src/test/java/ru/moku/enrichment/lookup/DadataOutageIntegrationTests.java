package ru.moku.enrichment.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.enrichment.testing.DadataSimulator;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.testing.RunningService;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * Dadata away long enough for the circuit to open, with a real circuit breaker (most tests keep it shut): the
 * lookups that arrive meanwhile wait for the circuit ({@code outage-wait}) and are answered once Dadata is back,
 * instead of each failing as {@code CIRCUIT_OPEN} within milliseconds — a 10,000-card fault run left 1,273 such
 * failures, and their cards went on without an ОКТМО.
 */
class DadataOutageIntegrationTests {

    /** A ceiling only: the lookups end about two seconds after Dadata is back. */
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    @AutoClose
    private static EnrichmentUnderTest enrichment;
    private static DadataSimulator dadata;
    private static RunningService service;
    private static OktmoLookup lookup;

    @BeforeAll
    static void start() {
        enrichment = EnrichmentUnderTest.start(Map.of(
                "moku.enrichment.resilience.first-backoff", "20ms",
                "moku.enrichment.resilience.max-backoff", "500ms",
                "moku.enrichment.resilience.minimum-calls", "2",
                "moku.enrichment.resilience.sliding-window-size", "2",
                "moku.enrichment.resilience.open-for", "2s",
                "moku.enrichment.resilience.outage-wait", "2m"));
        dadata = enrichment.dadata();
        service = enrichment.service();
        lookup = service.bean(OktmoLookup.class);
    }

    @Test
    void lookupsArrivingWhileTheCircuitIsOpenWaitForItAndAreAnsweredOnceDadataIsBack() throws Exception {
        String first = ids.legalEntityInn();
        dadata.register(first, "FOUND", "45382000");
        dadata.faults(Map.of("http503Rate", 1.0));
        dadata.resetStats();
        CircuitBreaker circuit = service.bean(ResilientCalls.class).circuitBreaker();

        // Two 503s open the circuit; the first lookup's third attempt is refused and waits.
        CompletableFuture<OktmoAnswer> firstAnswer = lookup.lookup(PartyIdentifier.inn(first)).toFuture();
        await("Dadata's circuit open").atMost(WAIT).until(() -> circuit.getState() == CircuitBreaker.State.OPEN);
        List<String> meanwhile = IntStream.range(0, 5).mapToObj(i -> ids.legalEntityInn()).toList();
        meanwhile.forEach(inn -> dadata.register(inn, "FOUND", "46000000"));
        List<CompletableFuture<OktmoAnswer>> answers = meanwhile.stream()
                .map(inn -> lookup.lookup(PartyIdentifier.inn(inn)).toFuture())
                .toList();
        dadata.resetFaults();

        OktmoAnswer answer = firstAnswer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer.outcome()).as(answer.reason()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(answer.oktmo()).isEqualTo("45382000");
        assertThat(dadata.requestsFor(first)).as("two 503s, then one answer").isEqualTo(3);
        for (int i = 0; i < meanwhile.size(); i++) {
            OktmoAnswer later = answers.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(later.outcome()).as(later.reason()).isEqualTo(OktmoOutcome.FOUND);
            assertThat(later.oktmo()).isEqualTo("46000000");
            assertThat(dadata.requestsFor(meanwhile.get(i))).as("asked once the circuit let it through").isEqualTo(1);
        }
        assertThat(circuit.getState()).isNotEqualTo(CircuitBreaker.State.OPEN);
    }
}
