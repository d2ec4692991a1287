package ru.moku.survey.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.survey.TestSurveyService;

/**
 * The analytics contract in the database: survey-service's migrations (run by Flyway alone, no service) create the
 * views and the read-only group role {@code moku_analytics}; a login user made a member of it — the way ops give an
 * analyst access — reads every view and nothing of {@code lko}, and writes nowhere. Two databases migrate at once, as
 * tests and environments sharing a cluster do, and both end with the role's grants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsRoleIntegrationTests {

    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private final String analyst = "moku_t_analyst_"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private TestDatabase database;
    private TestDatabase other;

    @BeforeAll
    void migrateTwoDatabasesAtOnceAndAddAnAnalyst() {
        database = TestDatabase.create();
        other = TestDatabase.create();
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> migrate(database)),
                CompletableFuture.runAsync(() -> migrate(other))).join();
        AnalyticsDirectoryFixture.insert(database);
        database.update("""
                INSERT INTO lko.organisation (id, moku_organisation_id, name, inn, ogrn, oktmo) VALUES
                    ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000000b1', 'ООО Упразднённая',
                     '7707083893', '1027700132195', '45399000'),
                    ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-0000000000b2', 'ООО Югра',
                     '7707083893', '1027700132195', '71100000');
                INSERT INTO lko.survey_submission (submission_id, card_id, token_id, moku_organisation_id,
                                                   lko_organisation_id, survey_id, submitted_at, stored_at) VALUES
                    ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1',
                     gen_random_uuid(), '00000000-0000-0000-0000-0000000000b2',
                     '00000000-0000-0000-0000-0000000000a2', 'default', now(), now());
                INSERT INTO lko.poll_question_answers (id, submission_id, card_id, lko_organisation_id, survey_id,
                                                       question_id, answer_text, answer_choices) VALUES
                    (gen_random_uuid(), '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1',
                     '00000000-0000-0000-0000-0000000000a2', 'default', 'q1', '5', NULL),
                    (gen_random_uuid(), '00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000d1',
                     '00000000-0000-0000-0000-0000000000a2', 'default', 'q3', NULL, ARRAY['queue', 'portal'])""");
        // What ops do for an analyst (survey-service README, "Analytics contract").
        database.update("CREATE ROLE " + analyst + " LOGIN IN ROLE moku_analytics");
    }

    @AfterAll
    void dropTheAnalystAndTheDatabases() {
        try {
            database.update("DROP ROLE IF EXISTS " + analyst);
        } finally {
            database.close();
            other.close();
        }
    }

    @Test
    void theRoleIsAReadOnlyGroupThatCannotLogIn() {
        assertThat(database.strings("SELECT rolcanlogin::text || rolsuper::text || rolcreaterole::text "
                + "|| rolcreatedb::text FROM pg_roles WHERE rolname = 'moku_analytics'"))
                .containsExactly("falsefalsefalsefalse");
        for (TestDatabase each : List.of(database, other)) {
            assertThat(each.strings("SELECT table_name FROM information_schema.role_table_grants "
                    + "WHERE grantee = 'moku_analytics' AND table_schema = 'analytics' AND privilege_type = 'SELECT' "
                    + "ORDER BY table_name"))
                    .containsExactly("municipality", "organisation", "region", "survey_answer");
            assertThat(each.count("SELECT count(*) FROM information_schema.role_table_grants "
                    + "WHERE grantee = 'moku_analytics' AND privilege_type <> 'SELECT'")).isZero();
        }
    }

    @Test
    void aMemberReadsEveryViewWithTheDirectoryVersion() throws SQLException {
        assertThat(asAnalyst("SELECT lko_organisation_id || ' ' || municipality_oktmo || ' ' || region_oktmo || ' '"
                + " || region_name || ' ' || oktmo_current || ' ' || directory_version FROM analytics.organisation"
                + " ORDER BY lko_organisation_id"))
                .containsExactly(
                        "00000000-0000-0000-0000-0000000000a1 45399000 45000000 Город Москва false 2",
                        "00000000-0000-0000-0000-0000000000a2 71100000 71800000 "
                                + "Ханты-Мансийский автономный округ - Югра true 2");
        assertThat(asAnalyst("SELECT oktmo FROM analytics.municipality ORDER BY oktmo"))
                .containsExactly("45382000", "45382000101", "71100000", "71701000");
        assertThat(asAnalyst("SELECT oktmo || ' ' || directory_version FROM analytics.region ORDER BY oktmo"))
                .containsExactly("45000000 2", "71000000 2", "71800000 2");
        assertThat(asAnalyst("SELECT question_id || ' ' || question_type || ' ' || coalesce(answer_text, '-') || ' '"
                + " || coalesce(array_to_string(answer_choices, '|'), '-') || ' ' || card_id || ' '"
                + " || moku_organisation_id FROM analytics.survey_answer ORDER BY question_id"))
                .containsExactly(
                        "q1 RATING 5 - 00000000-0000-0000-0000-0000000000d1 00000000-0000-0000-0000-0000000000b2",
                        "q3 MULTIPLE_CHOICE - queue|portal 00000000-0000-0000-0000-0000000000d1 "
                                + "00000000-0000-0000-0000-0000000000b2");
    }

    @Test
    void aMemberCannotWriteTheViews() {
        // The views are not updatable anyway (PostgreSQL says so before it checks privileges): the privileges too.
        for (String view : List.of("organisation", "municipality", "region", "survey_answer")) {
            assertThat(database.strings("SELECT has_table_privilege('" + analyst + "', 'analytics." + view
                    + "', 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')")).as(view).containsExactly("f");
        }
        assertThatThrownBy(() -> asAnalyst("DELETE FROM analytics.organisation RETURNING 1"))
                .isInstanceOf(SQLException.class);
        assertRefused("CREATE VIEW analytics.mine AS SELECT 1");
    }

    @Test
    void aMemberCannotReadOrWriteTheTablesOfLko() {
        assertRefused("SELECT * FROM lko.organisation");
        assertRefused("SELECT * FROM lko.oktmo_entry");
        assertRefused("SELECT * FROM lko.poll_question_answers");
        assertRefused("UPDATE lko.organisation SET oktmo = NULL");
        assertRefused("CREATE TABLE lko.mine (id INT)");
    }

    private static void migrate(TestDatabase database) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), System.getenv().getOrDefault("MOKU_TEST_PG_USER", "postgres"), "")
                .schemas(TestSurveyService.SCHEMA)
                .defaultSchema(TestSurveyService.SCHEMA)
                .locations("classpath:db/runtime", "classpath:db/lko")
                .load()
                .migrate();
    }

    private List<String> asAnalyst(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), analyst, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private void assertRefused(String sql) {
        assertThatThrownBy(() -> {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), analyst, "");
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOfSatisfying(SQLException.class,
                refused -> assertThat(refused.getSQLState()).as(sql + ": " + refused.getMessage())
                        .isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
