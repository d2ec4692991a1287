package ru.moku.runtime.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;

/**
 * The operator API {@code /api/v1/incidents} of the running test application, over HTTP; with a {@link TestRedriver}
 * for the retry endpoint.
 */
class IncidentControllerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static Incidents incidents;
    private static WebTestClient client;

    @BeforeAll
    static void start() {
        service = RunningService.start(new SpringApplicationBuilder(RuntimeTestApplication.class,
                        RedriverConfiguration.class).properties("spring.config.name=runtime-test"),
                RuntimeTestApplication.SCHEMA, Map.of());
        database = service.database();
        incidents = service.bean(Incidents.class);
        client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + service.port())
                .responseTimeout(WAIT)
                .build();
    }

    @Test
    void listsTheIncidentsOfOneKindNewestFirst() {
        String kind = uniqueKind();
        UUID older = register(kind);
        UUID newer = register(kind);
        register(uniqueKind());

        client.get().uri("/api/v1/incidents?kind={kind}", kind)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].id").isEqualTo(newer.toString())
                .jsonPath("$[1].id").isEqualTo(older.toString())
                .jsonPath("$[0].kind").isEqualTo(kind)
                .jsonPath("$[1].kind").isEqualTo(kind);
    }

    @Test
    void listsOnlyTheOpenIncidentsWhenAskedFor() {
        String kind = uniqueKind();
        UUID open = register(kind);
        incidents.resolve(register(kind), "done").block(WAIT);

        client.get().uri("/api/v1/incidents?kind={kind}&status=OPEN", kind)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].id").isEqualTo(open.toString());
    }

    @Test
    void returnsOneIncidentById() {
        String kind = uniqueKind();
        UUID id = register(kind);

        client.get().uri("/api/v1/incidents/{id}", id)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id.toString())
                .jsonPath("$.kind").isEqualTo(kind)
                .jsonPath("$.subject").isEqualTo("card " + kind)
                .jsonPath("$.message").isEqualTo("retries spent")
                .jsonPath("$.attempts").isEqualTo(3)
                .jsonPath("$.status").isEqualTo("OPEN");
    }

    @Test
    void resolvesAnIncidentWithTheOperatorsComment() {
        UUID id = register(uniqueKind());

        client.post().uri("/api/v1/incidents/{id}/resolve", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "replayed by hand"))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id.toString())
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.resolutionComment").isEqualTo("replayed by hand");

        assertThat(database.queryForObject("SELECT status FROM testapp.incident WHERE id = '" + id + "'", String.class))
                .isEqualTo("RESOLVED");
    }

    @Test
    void answersAnUnknownIdWithANotFoundProblem() {
        UUID unknown = UUID.randomUUID();

        client.get().uri("/api/v1/incidents/{id}", unknown)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains(unknown.toString()));
    }

    @Test
    void refusesToResolveAnUnknownIncidentWithANotFoundProblem() {
        UUID unknown = UUID.randomUUID();

        client.post().uri("/api/v1/incidents/{id}/resolve", unknown)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "nothing to resolve"))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404);

        assertThat(database.count("SELECT count(*) FROM testapp.incident WHERE id = '" + unknown + "'")).isZero();
    }

    @Test
    void retryReDrivesTheStepAndResolvesTheIncident() {
        UUID id = register(TestRedriver.RETRYABLE + uniqueKind());

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "partner is back"))
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id.toString())
                .jsonPath("$.status").isEqualTo("RESOLVED")
                .jsonPath("$.resolutionComment").isEqualTo("retried: partner is back");

        assertThat(retriedEffects(id)).isEqualTo(1);
        assertThat(database.queryForObject("SELECT status FROM testapp.incident WHERE id = '" + id + "'", String.class))
                .isEqualTo("RESOLVED");
    }

    @Test
    void retryWithoutABodyIsCommentedRetried() {
        UUID id = register(TestRedriver.RETRYABLE + uniqueKind());

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.resolutionComment").isEqualTo("retried");
    }

    @Test
    void refusesToRetryAnIncidentTwiceWithAConflictProblem() {
        UUID id = register(TestRedriver.RETRYABLE + uniqueKind());
        client.post().uri("/api/v1/incidents/{id}/retry", id).exchange().expectStatus().isAccepted();

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("resolved already"));

        assertThat(retriedEffects(id)).isEqualTo(1);
    }

    @Test
    void refusesToRetryAResolvedIncidentWithAConflictProblem() {
        UUID id = register(TestRedriver.RETRYABLE + uniqueKind());
        incidents.resolve(id, "handled by hand").block(WAIT);

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isEqualTo(409);

        assertThat(retriedEffects(id)).isZero();
    }

    @Test
    void refusesToRetryAKindNoRedriverSupportsWithAConflictProblem() {
        UUID id = register(uniqueKind());

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("no redriver"));

        assertThat(database.queryForObject("SELECT status FROM testapp.incident WHERE id = '" + id + "'", String.class))
                .isEqualTo("OPEN");
    }

    @Test
    void refusesToRetryAnUnknownIncidentWithANotFoundProblem() {
        client.post().uri("/api/v1/incidents/{id}/retry", UUID.randomUUID())
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aFailingReDriveLeavesTheIncidentOpenAndUndoesItsEffect() {
        UUID id = register(TestRedriver.FAILING + uniqueKind());

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().is5xxServerError();

        assertThat(database.queryForObject("SELECT status FROM testapp.incident WHERE id = '" + id + "'", String.class))
                .isEqualTo("OPEN");
        assertThat(retriedEffects(id)).isZero();
    }

    private static long retriedEffects(UUID incidentId) {
        return database.count("SELECT count(*) FROM testapp.test_effect WHERE card_id = '" + incidentId
                + "' AND note = 'retried'");
    }

    /** Adds the {@link TestRedriver} to the test application. */
    @Configuration(proxyBeanMethods = false)
    static class RedriverConfiguration {

        @Bean
        TestRedriver testRedriver(DatabaseClient databaseClient) {
            return new TestRedriver(databaseClient);
        }
    }

    private static UUID register(String kind) {
        return incidents.register(new Incident.Draft(kind, "card " + kind, "retries spent", "{}", 3)).block(WAIT);
    }

    /** Kinds are unique per test, so that tests never see each other's incidents. */
    private static String uniqueKind() {
        return "TEST_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).toUpperCase();
    }
}
