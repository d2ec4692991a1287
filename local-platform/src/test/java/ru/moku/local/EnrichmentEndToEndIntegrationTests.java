package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;

/**
 * Seed 000 step 7 end to end: SMEV → gateway → card-processor → enrichment → Dadata simulator → card-processor,
 * all real, with Dadata timing out on 5 % of the calls and answering 503 on 2 %: every card is enriched (and goes on
 * to CREATED_IN_LKO), each party's outcome is what the simulator's data says, and the parties that failed for good are
 * exactly those with an incident.
 */
class EnrichmentEndToEndIntegrationTests {

    /** 400 parties: at 5 % timeouts and 2 % 503s, dozens of failed attempts of both kinds. */
    private static final int MESSAGES = 200;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);

    private EndToEndPlatform endToEnd;
    private Platform platform;
    private PlatformState state;

    @BeforeEach
    void startPlatform() {
        endToEnd = EndToEndPlatform.start(Map.of(
                // A timed-out attempt is given up after 3 s (the simulator holds it for 6 s): long enough that an
                // answer the simulator does give is not taken for a timeout on a loaded machine.
                "moku.enrichment.resilience.call-timeout", "3s",
                "simulators.dadata.faults.timeout-duration", "6s"));
        platform = endToEnd.platform();
        state = endToEnd.state();
    }

    @AfterEach
    void stopPlatform() {
        if (endToEnd != null) {
            endToEnd.close();
        }
    }

    @Test
    void everyCardIsEnrichedThoughDadataTimesOutAndFailsNowAndThen() {
        DadataSimulatorClient dadata = new DadataSimulatorClient(platform.url(Platform.Part.DADATA_SIMULATOR));
        dadata.faults("{\"timeoutRate\": 0.05, \"timeoutDuration\": \"6s\", \"http503Rate\": 0.02}");

        new SmevSimulatorClient(platform.simulatorUrl()).generate(MESSAGES, 0, 11L);

        await("every card enriched and on in ЛКО").atMost(RUN_TIMEOUT).until(() -> Demo.done(state.read(), MESSAGES, 0));
        List<Party> parties = parties();
        assertThat(parties).hasSize(2 * MESSAGES);
        List<Party> failed = parties.stream().filter(party -> party.status().equals("FAILED")).toList();
        for (Party party : parties) {
            if (party.status().equals("FAILED")) {
                assertThat(party.oktmo()).as("ОКТМО of a failed party").isNull();
                continue;
            }
            DadataSimulatorClient.Expected expected = dadata.expected(party.inn());
            assertThat(party.status()).as("outcome for " + party.inn()).isEqualTo(expected.outcome());
            assertThat(party.oktmo()).as("ОКТМО of " + party.inn()).isEqualTo(expected.oktmo());
        }
        assertThat(enrichmentIncidentSubjects())
                .containsExactlyInAnyOrderElementsOf(failed.stream().map(Party::inn).toList());
        assertThat(failed.size()).as("3 attempts at 7 %% failure each leave almost nothing failed")
                .isLessThan(MESSAGES / 50);
        DadataSimulatorClient.Stats stats = dadata.stats();
        assertThat(stats.timeouts()).as("timeouts were injected").isPositive();
        assertThat(stats.withStatus(503)).as("503s were injected").isPositive();
        assertThat(stats.withStatus(429)).isZero();
        // A 200 the client had given up on (its 3 s timeout) counts at the simulator but not as an answer.
        assertThat(stats.withStatus(200)).as("a successful call for every party answered")
                .isGreaterThanOrEqualTo(parties.stream().map(Party::inn).distinct().count() - failed.size());
        // Parties that share an ИНН (the generator repeats a few) are asked once: the cache answers the rest.
        assertThat(stats.byIdentifier().keySet()).as("every party asked; not asked: %s", endToEnd.query(
                        "SELECT concat_ws('|', inn, oktmo_status, oktmo_reason) FROM (SELECT inn, oktmo_status,"
                                + " oktmo_reason FROM qal.organisation UNION ALL SELECT inn, oktmo_status, oktmo_reason"
                                + " FROM qal.founder) p", rows -> rows.getString(1)).stream()
                        .filter(row -> !stats.byIdentifier().containsKey(row.substring(0, row.indexOf('|'))))
                        .toList())
                .containsExactlyInAnyOrderElementsOf(parties.stream().map(Party::inn).distinct().toList());
        assertThat(stats.byIdentifier())
                .allSatisfy((identifier, requests) -> assertThat(requests).isBetween(1L, 3L));
        for (Party party : failed) {
            assertThat(stats.byIdentifier().get(party.inn())).as("attempts for failed " + party.inn()).isEqualTo(3);
        }
    }

    /** A card's organisation or founder as card-processor stored it. */
    private record Party(String inn, String status, String oktmo) {
    }

    private List<Party> parties() {
        return endToEnd.query("""
                SELECT inn, oktmo_status, oktmo FROM qal.organisation
                UNION ALL SELECT inn, oktmo_status, oktmo FROM qal.founder""",
                rows -> new Party(rows.getString(1), rows.getString(2), rows.getString(3)));
    }

    private List<String> enrichmentIncidentSubjects() {
        return endToEnd.strings("SELECT subject FROM enrichment.incident WHERE kind = 'DADATA_LOOKUP_FAILED'");
    }
}
