package ru.moku.runtime.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestJwts;

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
                .defaultHeaders(TestJwts.bearer(TestJwts.operator()))
                .build();
    }

    @Test
    void listsTheIncidentsOfOneKindNewestFirst() {
        UUID older = register(IncidentKind.SPLIT_FAILED);
        UUID newer = register(IncidentKind.SPLIT_FAILED);
        UUID otherKind = register(IncidentKind.INVALID_SMEV_MESSAGE);

        client.get().uri("/api/v1/incidents?kind=SPLIT_FAILED&limit=1000")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].kind").value(kinds -> assertThat(((List<?>) kinds).stream().map(String::valueOf)
                        .distinct().toList()).containsExactly("SPLIT_FAILED"));
        assertThat(listedIds("kind=SPLIT_FAILED"))
                .containsSubsequence(newer.toString(), older.toString())
                .doesNotContain(otherKind.toString());
    }

    @Test
    void listsOnlyTheOpenIncidentsOfASubjectWhenAskedFor() {
        String subject = uniqueSubject();
        UUID resolved = register(IncidentKind.SPLIT_FAILED, subject);
        incidents.resolve(resolved, "done").block(WAIT);
        UUID open = register(IncidentKind.SPLIT_FAILED, subject);

        client.get().uri("/api/v1/incidents?subject={subject}&status=OPEN", subject)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items.length()").isEqualTo(1)
                .jsonPath("$.items[0].id").isEqualTo(open.toString())
                .jsonPath("$.next").doesNotExist();
    }

    @Test
    void pagesThroughEveryIncidentWithTheNextCursor() {
        List<String> registered = List.of(register(IncidentKind.SPLIT_FAILED), register(IncidentKind.SPLIT_FAILED),
                register(IncidentKind.SPLIT_FAILED), register(IncidentKind.SPLIT_FAILED),
                register(IncidentKind.SPLIT_FAILED)).stream().map(UUID::toString).toList();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<?, ?> page = client.get().uri(cursor == null ? "/api/v1/incidents?kind=SPLIT_FAILED&limit=2"
                            : "/api/v1/incidents?kind=SPLIT_FAILED&limit=2&cursor=" + cursor)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody(Map.class)
                    .returnResult().getResponseBody();
            List<?> items = (List<?>) page.get("items");
            assertThat(items).hasSizeLessThanOrEqualTo(2);
            items.forEach(item -> seen.add(String.valueOf(((Map<?, ?>) item).get("id"))));
            cursor = (String) page.get("next");
            pages++;
        } while (cursor != null && pages < 1000);

        assertThat(seen).doesNotHaveDuplicates().containsAll(registered);
        assertThat(seen).isEqualTo(listedIds("kind=SPLIT_FAILED"));
    }

    @Test
    void answersAnOversizedNegativeOrNonNumericLimitWithABadRequestProblem() {
        for (String limit : List.of("100000000", "1001", "0", "-5", "ten")) {
            client.get().uri("/api/v1/incidents?limit=" + limit)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("limit"));
        }
    }

    @Test
    void answersACursorItDidNotGiveOutWithABadRequestProblem() {
        client.get().uri("/api/v1/incidents?cursor=not-a-cursor")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("cursor"));
    }

    @Test
    void answersAnUnknownKindFilterWithABadRequestProblem() {
        client.get().uri("/api/v1/incidents?kind=NO_SUCH_KIND")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theSameFailureOfTheSameSubjectCountsOnItsOpenIncident() {
        String subject = uniqueSubject();
        UUID first = register(IncidentKind.DADATA_LOOKUP_FAILED, subject);
        UUID again = register(IncidentKind.DADATA_LOOKUP_FAILED, subject);
        UUID otherKind = register(IncidentKind.DADATA_ACCESS_DENIED, subject);

        assertThat(again).isEqualTo(first);
        assertThat(otherKind).isNotEqualTo(first);
        client.get().uri("/api/v1/incidents/{id}", first)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.occurrences").isEqualTo(2)
                .jsonPath("$.status").isEqualTo("OPEN");
        // Announced once: the second occurrence only counts.
        assertThat(database.count("SELECT count(*) FROM testapp.outbox WHERE message_type = '" + MessageTypes.INCIDENT_REGISTERED + "'"
                + " AND routing_key = '" + subject + "'")).isEqualTo(2);
    }

    @Test
    void aFailureAfterItsIncidentWasResolvedOpensANewOne() {
        String subject = uniqueSubject();
        UUID first = register(IncidentKind.DADATA_LOOKUP_FAILED, subject);
        incidents.resolve(first, "fixed the party").block(WAIT);

        UUID second = register(IncidentKind.DADATA_LOOKUP_FAILED, subject);

        assertThat(second).isNotEqualTo(first);
        assertThat(database.count("SELECT count(*) FROM testapp.incident WHERE subject = '" + subject
                + "' AND status = 'OPEN'")).isEqualTo(1);
    }

    @Test
    void returnsOneIncidentById() {
        String subject = uniqueSubject();
        UUID id = register(IncidentKind.SPLIT_FAILED, subject);

        client.get().uri("/api/v1/incidents/{id}", id)
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id.toString())
                .jsonPath("$.kind").isEqualTo("SPLIT_FAILED")
                .jsonPath("$.subject").isEqualTo(subject)
                .jsonPath("$.occurrences").isEqualTo(1)
                .jsonPath("$.message").isEqualTo("retries spent")
                .jsonPath("$.attempts").isEqualTo(3)
                .jsonPath("$.status").isEqualTo("OPEN");
    }

    @Test
    void resolvesAnIncidentWithTheOperatorsComment() {
        UUID id = register(IncidentKind.SPLIT_FAILED);

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
        UUID id = register(TestRedriver.REDRIVEN);

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
        UUID id = register(TestRedriver.REDRIVEN);

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isAccepted()
                .expectBody()
                .jsonPath("$.resolutionComment").isEqualTo("retried");
    }

    @Test
    void refusesToRetryAnIncidentTwiceWithAConflictProblem() {
        UUID id = register(TestRedriver.REDRIVEN);
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
        UUID id = register(TestRedriver.REDRIVEN);
        incidents.resolve(id, "handled by hand").block(WAIT);

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isEqualTo(409);

        assertThat(retriedEffects(id)).isZero();
    }

    @Test
    void refusesToRetryAKindNoRedriverSupportsWithAConflictProblem() {
        UUID id = register(IncidentKind.INVALID_IDENTIFIER);

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains("cannot be re-driven"));

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
        UUID id = register(TestRedriver.FAILING);

        client.post().uri("/api/v1/incidents/{id}/retry", id)
                .exchange()
                .expectStatus().is5xxServerError();

        assertThat(database.queryForObject("SELECT status FROM testapp.incident WHERE id = '" + id + "'", String.class))
                .isEqualTo("OPEN");
        assertThat(retriedEffects(id)).isZero();
    }

    private static List<String> listedIds(String query) {
        Map<?, ?> page = client.get().uri("/api/v1/incidents?" + query + "&limit=1000")
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class)
                .returnResult().getResponseBody();
        return ((List<?>) page.get("items")).stream().map(item -> String.valueOf(((Map<?, ?>) item).get("id")))
                .toList();
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

    /** Registers an incident about a subject of its own, so that tests never count each other's incidents. */
    private static UUID register(IncidentKind kind) {
        return register(kind, uniqueSubject());
    }

    private static UUID register(IncidentKind kind, String subject) {
        return incidents.register(new Incident.Draft(kind, subject, "retries spent", "{}", 3)).block(WAIT);
    }

    private static String uniqueSubject() {
        return "card " + UUID.randomUUID();
    }
}
