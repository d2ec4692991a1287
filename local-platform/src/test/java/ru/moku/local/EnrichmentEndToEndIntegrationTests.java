package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.moku.runtime.testing.Eventually;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.runtime.testing.TestRabbit;

/**
 * Seed 000 step 7 end to end: SMEV → gateway → card-processor → enrichment → Dadata simulator → card-processor,
 * all real, with Dadata timing out on 5 % of the calls and answering 503 on 2 %: every card becomes ENRICHED, each
 * party's outcome is what the simulator's data says, and the parties that failed for good are exactly those with an
 * incident.
 */
class EnrichmentEndToEndIntegrationTests {

    private static final int MESSAGES = 1_000;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private TestDatabase database;
    private TestRabbit rabbit;
    private Platform platform;
    private PlatformState state;

    @BeforeEach
    void startPlatform() {
        database = TestDatabase.create();
        rabbit = TestRabbit.create();
        platform = new Platform(new Platform.Settings("127.0.0.1", 5432, "postgres", database.name(), "127.0.0.1",
                rabbit.prefix(), TestKafka.bootstrapServers(), Map.of(
                        "moku.messaging.consumer.first-backoff", "50ms",
                        "moku.messaging.outbox.poll-interval", "20ms",
                        // Dadata's real 30/s would make this a 70 s wait; the limiter itself has tests of its own.
                        "moku.enrichment.resilience.rate-limit", "400",
                        // A timed-out attempt is given up after 1 s (the simulator holds it for 5 s).
                        "moku.enrichment.resilience.call-timeout", "1s",
                        "simulators.dadata.faults.timeout-duration", "5s")));
        platform.start();
        state = new PlatformState(platform.jdbcUrl(), "postgres");
    }

    @AfterEach
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyCardIsEnrichedThoughDadataTimesOutAndFailsNowAndThen() {
        DadataSimulatorClient dadata = new DadataSimulatorClient(platform.url(Platform.Part.DADATA_SIMULATOR));
        dadata.faults("{\"timeoutRate\": 0.05, \"timeoutDuration\": \"5s\", \"http503Rate\": 0.02}");

        new SmevSimulatorClient(platform.simulatorUrl()).generate(MESSAGES, 0, 11L);

        Eventually.await(RUN_TIMEOUT, "every card ENRICHED", () -> Demo.done(state.read(), MESSAGES, 0));
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
        // A 200 the client had given up on (its 1 s timeout) counts at the simulator but not as an answer.
        assertThat(stats.withStatus(200)).as("a successful call for every party answered")
                .isGreaterThanOrEqualTo(parties.stream().map(Party::inn).distinct().count() - failed.size());
        // Parties that share an ИНН (the generator repeats a few) are asked once: the cache answers the rest.
        assertThat(stats.byIdentifier().keySet()).as("every party asked; not asked: %s", query(
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
        return query("""
                SELECT inn, oktmo_status, oktmo FROM qal.organisation
                UNION ALL SELECT inn, oktmo_status, oktmo FROM qal.founder""",
                rows -> new Party(rows.getString(1), rows.getString(2), rows.getString(3)));
    }

    private List<String> enrichmentIncidentSubjects() {
        return query("SELECT subject FROM enrichment.incident WHERE kind = 'DADATA_LOOKUP_FAILED'",
                rows -> rows.getString(1));
    }

    private interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(row.read(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
