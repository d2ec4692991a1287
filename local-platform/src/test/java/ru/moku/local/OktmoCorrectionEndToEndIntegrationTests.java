package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ОКТМО correction loop end to end (issue 13): cards go through the whole platform while Dadata fails 10 % of
 * the lookups, which leaves their parties with no ОКТМО and an incident each; Dadata heals; an operator retries every
 * incident through enrichment's incident API; every organisation ends with the ОКТМО Dadata has for it in
 * card-processor (qal), ПОС.ОС (pos_os) and ЛКО (lko), and no party is FAILED any more.
 *
 * <p>To make "10 % of lookups fail" mean 10 % of the parties, a lookup here makes one attempt
 * ({@code resilience.max-attempts=1}): with the default three, 10 % failing calls leave about 0.1 % of parties failed
 * (two or so of 1,000 cards), too few to exercise the loop.
 *
 * <p>The suite sends 300 cards (about 60 failed parties; the test takes under a minute). Issue 13's figure is 1,000:
 * {@code -Dmoku.e2e.correction.cards=1000} (about 70 s of cards, the whole test about two minutes here). Twice a run
 * timed out waiting for qal, pos_os and lko to agree (2026-12-05: 1,000 cards, then 300 on a loaded machine, one
 * organisation with its ОКТМО in qal and none in pos_os and lko). The likely cause, since fixed: two corrections of one
 * card (its organisation's and its founder's) in concurrent transactions each handed ПОС.ОС the other party as it
 * was before, and the one applied last put the old ОКТМО back; corrections now lock the party's cards first
 * ({@code OktmoCorrectionIntegrationTests} holds one correction's transaction open to show it).
 */
class OktmoCorrectionEndToEndIntegrationTests {

    /** Cards sent through SMEV; 2 parties each. */
    private static final int CARDS = Integer.getInteger("moku.e2e.correction.cards", 300);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(8);

    private EndToEndPlatform endToEnd;
    private Platform platform;

    @BeforeEach
    void startPlatform() {
        endToEnd = EndToEndPlatform.start(Map.of(
                "moku.enrichment.resilience.max-attempts", "1",
                // 10 % failures must not open the circuit (it would fail the other 90 % too).
                "moku.enrichment.resilience.failure-rate-threshold", "90"));
        platform = endToEnd.platform();
    }

    @AfterEach
    void stopPlatform() {
        if (endToEnd != null) {
            endToEnd.close();
        }
    }

    @Test
    void everyOrganisationGetsItsOktmoInQalPosOsAndLkoAfterItsIncidentsAreRetried() {
        DadataSimulatorClient dadata = new DadataSimulatorClient(platform.url(Platform.Part.DADATA_SIMULATOR));
        dadata.faults("{\"http503Rate\": 0.1}");

        long started = System.nanoTime();
        new SmevSimulatorClient(platform.simulatorUrl()).generate(CARDS, 0, 13L);
        await("every card on in ЛКО").atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .until(() -> Demo.done(endToEnd.state().read(), CARDS, 0));

        List<String> incidents = endToEnd.strings("SELECT id FROM enrichment.incident"
                + " WHERE kind = 'DADATA_LOOKUP_FAILED' AND status = 'OPEN'");
        long failedParties = endToEnd.count("SELECT count(*) FROM (SELECT oktmo_status FROM qal.organisation"
                + " UNION ALL SELECT oktmo_status FROM qal.founder) p WHERE oktmo_status = 'FAILED'");
        assertThat(failedParties).as("about 10 %% of %d parties failed", 2 * CARDS)
                .isBetween(2L * CARDS / 20, 2L * CARDS / 5);
        assertThat(incidents).as("an incident per failed identifier").isNotEmpty();

        long cardsDone = System.nanoTime();
        dadata.faults("{}");
        retryEvery(incidents);
        long retried = System.nanoTime();

        await("no party FAILED").atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(2)).until(() -> endToEnd.count(
                "SELECT count(*) FROM (SELECT oktmo_status FROM qal.organisation UNION ALL"
                        + " SELECT oktmo_status FROM qal.founder) p WHERE oktmo_status = 'FAILED'") == 0);
        await("every organisation's ОКТМО in ПОС.ОС and ЛКО").atMost(RUN_TIMEOUT).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(mismatches()).as("organisations whose ОКТМО differs").isEmpty());
        long corrected = System.nanoTime();
        System.out.printf(java.util.Locale.ROOT, "ОКТМО correction e2e: %d cards in %.1f s, %d failed parties,"
                        + " %d incidents retried in %.1f s, every ОКТМО in qal/pos_os/lko %.1f s later%n", CARDS,
                (cardsDone - started) / 1e9, failedParties, incidents.size(), (retried - cardsDone) / 1e9,
                (corrected - retried) / 1e9);
        for (String row : endToEnd.strings("SELECT DISTINCT inn || '|' || coalesce(oktmo, 'none') FROM qal.organisation")) {
            String inn = row.substring(0, row.indexOf('|'));
            DadataSimulatorClient.Expected expected = dadata.expected(inn);
            assertThat(row).as("ОКТМО of " + inn).isEqualTo(inn + "|" + (expected.oktmo() == null ? "none"
                    : expected.oktmo()));
        }
        assertThat(endToEnd.count("SELECT count(*) FROM enrichment.incident"
                + " WHERE kind = 'DADATA_LOOKUP_FAILED' AND status = 'OPEN'")).as("no incident left open").isZero();
        // Every ОКТМО resolves in the directory the platform loaded at start (the bundled sample holds every code the
        // Dadata simulator hands out) to a current municipality and its region, as analytics read it.
        assertThat(endToEnd.count("SELECT count(*) FROM lko.oktmo_version WHERE status = 'CURRENT'")).isEqualTo(1);
        assertThat(endToEnd.count("SELECT count(*) FROM analytics.organisation WHERE oktmo IS NOT NULL"))
                .as("organisations with an ОКТМО").isPositive();
        assertThat(endToEnd.strings("SELECT oktmo FROM analytics.organisation WHERE oktmo IS NOT NULL"
                + " AND (oktmo_current IS NOT TRUE OR municipality_oktmo IS NULL OR region_oktmo IS NULL)"))
                .as("ОКТМО that do not resolve to a current municipality and region").isEmpty();
    }

    /** Organisations whose ОКТМО differs between qal, pos_os and lko (by МОКУ id); empty when all agree. */
    private List<String> mismatches() {
        return endToEnd.strings("""
                SELECT q.moku_organisation_id || ' qal=' || coalesce(q.oktmo, '-') || ' pos_os=' || coalesce(p.oktmo, '-')
                       || ' lko=' || coalesce(l.oktmo, '-')
                FROM qal.organisation q
                JOIN pos_os.organisation p ON p.moku_organisation_id = q.moku_organisation_id
                JOIN lko.organisation l ON l.moku_organisation_id = q.moku_organisation_id
                WHERE q.oktmo IS DISTINCT FROM p.oktmo OR q.oktmo IS DISTINCT FROM l.oktmo""");
    }

    /**
     * {@code POST /api/v1/incidents/{id}/retry} on enrichment for each incident, as an operator, a few at a time (as
     * a script of an operator would; one after the other took 24 s for 191 incidents here).
     */
    private void retryEvery(List<String> incidents) {
        HttpClient http = HttpClient.newHttpClient();
        String token = platform.operatorToken();
        String enrichment = platform.url(Platform.Part.ENRICHMENT);
        List<HttpResponse<String>> answers = Flux.fromIterable(incidents)
                .flatMapSequential(id -> Mono.fromFuture(() -> http.sendAsync(HttpRequest.newBuilder(
                                        URI.create(enrichment + "/api/v1/incidents/" + id + "/retry"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\": \"Dadata is back\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString())), 8)
                .collectList()
                .block(Duration.ofMinutes(2));
        assertThat(answers).hasSize(incidents.size())
                .allSatisfy(response -> assertThat(response.statusCode()).as(response.uri() + ": " + response.body())
                        .isEqualTo(202));
    }
}
