package ru.moku.survey.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.organisation.LkoOrganisationUpdated;
import ru.moku.model.party.FounderKind;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.survey.TestSurveyService;

/** {@code POST /api/v1/organisations} and {@code PUT /api/v1/organisations/{id}} (the update, issue 13) of the running survey-service against the real PostgreSQL. */
class OrganisationApiIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random(11));

    private static final String TOKEN = TestJwts.token("survey-service-tests", TestJwts.SERVICE, TestJwts.OPERATOR);

    @AutoClose
    private static RunningService service;
    private static TestDatabase database;
    private static WebTestClient client;

    @BeforeAll
    static void start() {
        service = TestSurveyService.start(Map.of());
        database = service.database();
        // The tests call the hand-off (org-registry's, a service token) and the incident API: a token with both roles.
        client = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(WAIT)
                .defaultHeaders(TestJwts.bearer(TOKEN)).build();
    }

    @Test
    void createsTheOrganisationAndItsFounderAndAnswersThePairOfIds() {
        LkoOrganisationRequest request = validOrganisation();

        LkoOrganisationCreated created = create(request);

        assertThat(created.mokuOrganisationId()).isEqualTo(request.mokuOrganisationId());
        assertThat(database.queryForObject("SELECT moku_organisation_id FROM lko.organisation WHERE id = '"
                + created.lkoOrganisationId() + "'", UUID.class)).isEqualTo(request.mokuOrganisationId());
        assertThat(database.count("SELECT count(*) FROM lko.founder WHERE organisation_id = '"
                + created.lkoOrganisationId() + "' AND kind = 'PERSON' AND inn = '" + request.founder().inn() + "'"))
                .isEqualTo(1);
    }

    @Test
    void theSameOrganisationTwiceIsStoredOnceWithOneId() {
        LkoOrganisationRequest request = validOrganisation();

        LkoOrganisationCreated first = create(request);
        LkoOrganisationCreated second = create(request);

        assertThat(second).isEqualTo(first);
        assertThat(rowsFor(request)).isEqualTo(1);
    }

    @Test
    void concurrentRequestsForOneOrganisationAllGetTheSameId() {
        LkoOrganisationRequest request = validOrganisation();
        WebClient webClient = WebClient.builder().baseUrl(baseUrl()).defaultHeaders(TestJwts.bearer(TOKEN)).build();

        List<LkoOrganisationCreated> answers = Flux.fromStream(IntStream.range(0, 8).boxed())
                .flatMap(i -> webClient.post().uri("/api/v1/organisations").bodyValue(request)
                        .retrieve().bodyToMono(LkoOrganisationCreated.class))
                .collectList()
                .block(WAIT);

        assertThat(answers).hasSize(8).map(LkoOrganisationCreated::lkoOrganisationId).containsOnly(
                answers.get(0).lkoOrganisationId());
        assertThat(rowsFor(request)).isEqualTo(1);
    }

    @Test
    void answersAnInvalidOrganisationWith422ListingEachField() {
        LkoOrganisationRequest valid = validOrganisation();
        LkoOrganisationRequest request = new LkoOrganisationRequest(valid.mokuOrganisationId(), "", "7707083894",
                valid.ogrn(), null, null, "12", valid.founder());

        client.post().uri("/api/v1/organisations").bodyValue(request)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-organisation")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations")
                .jsonPath("$.errors.length()").isEqualTo(3)
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[1].field").isEqualTo("inn")
                .jsonPath("$.errors[1].message").value(message -> assertThat(message.toString()).contains("check"))
                .jsonPath("$.errors[2].field").isEqualTo("oktmo");

        assertThat(rowsFor(request)).isZero();
    }

    @Test
    void answersUnreadableJsonWith400NamingWhereItBroke() {
        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON).bodyValue("{ nope")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/unreadable-request")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations")
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .startsWith("is not readable JSON (line 1, column"))
                .jsonPath("$.trace").doesNotExist();
    }

    @Test
    void anUnknownFounderKindIs400NamingFounderKindAndItsValues() {
        String body = """
                {"mokuOrganisationId": "%s", "name": "ООО Вектор", "inn": "7707083893", "ogrn": "1027700132195",
                 "founder": {"kind": "ROBOT", "inn": "500100732259"}}""".formatted(UUID.randomUUID());

        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.errors[0].field").isEqualTo("founder.kind")
                .jsonPath("$.errors[0].message").isEqualTo("'ROBOT' is not one of LEGAL_ENTITY, PERSON")
                .jsonPath("$.detail").isEqualTo("founder.kind: 'ROBOT' is not one of LEGAL_ENTITY, PERSON");
    }

    @Test
    void aMalformedIdAndAWrongJsonTypeAre400NamingTheField() {
        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"mokuOrganisationId\": \"not-a-uuid\", \"name\": \"ООО Вектор\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mokuOrganisationId")
                .jsonPath("$.errors[0].message").isEqualTo("'not-a-uuid' is not a UUID");
        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"ООО Вектор\", \"founder\": [1, 2]}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("founder")
                .jsonPath("$.errors[0].message").isEqualTo("must be an object");
    }

    @Test
    void aRequestWithoutBodyOrWithAnotherMediaTypeIsA4xxProblem() {
        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON)
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("the request has no body");
        client.post().uri("/api/v1/organisations").contentType(MediaType.TEXT_PLAIN).bodyValue("ООО Вектор")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.instance").isEqualTo("/api/v1/organisations");
    }

    @Test
    void theIncidentApiAnswersAnUnknownStatusOrIdWith400NamingTheParameter() {
        client.get().uri("/api/v1/incidents?status=MAYBE").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("status")
                .jsonPath("$.errors[0].message").isEqualTo("'MAYBE' is not one of OPEN, RESOLVED")
                .jsonPath("$.instance").isEqualTo("/api/v1/incidents");
        client.get().uri("/api/v1/incidents/not-an-id").exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("id")
                .jsonPath("$.errors[0].message").isEqualTo("'not-an-id' is not a UUID");
    }

    @Test
    void anUpdateChangesOktmoAddressAndNameAndStampsUpdatedAt() {
        LkoOrganisationRequest request = validOrganisation();
        LkoOrganisationCreated created = create(request);
        Instant before = updatedAt(request);

        LkoOrganisationUpdated updated = update(updateOf(request, 1, "ООО Вектор-Плюс", "г. Казань", "92701000"));

        assertThat(updated).isEqualTo(new LkoOrganisationUpdated(created.lkoOrganisationId(),
                request.mokuOrganisationId(), 1, true));
        assertThat(database.queryForObject("SELECT name || '|' || address || '|' || oktmo || '|' || source_revision"
                + " FROM lko.organisation WHERE moku_organisation_id = '" + request.mokuOrganisationId() + "'",
                String.class)).isEqualTo("ООО Вектор-Плюс|г. Казань|92701000|1");
        assertThat(updatedAt(request)).isAfter(before);
    }

    @Test
    void aCodeTheDirectoryAbolishedForAnotherIsStoredAsThatOtherOnCreateAndOnUpdate() {
        // A directory change (as the loader writes it): 92701901 abolished for 92701902, later 92701902 for 92701903.
        database.update("INSERT INTO lko.oktmo_version (status, file_name, sha256) VALUES ('SUPERSEDED', 'a.csv',"
                + " repeat('a', 64)), ('SUPERSEDED', 'b.csv', repeat('b', 64))");
        database.update("INSERT INTO lko.oktmo_change (version_id, oktmo, change, replaced_by)"
                + " SELECT id, '92701901', 'ABOLISHED', '92701902' FROM lko.oktmo_version WHERE file_name = 'a.csv'"
                + " UNION ALL"
                + " SELECT id, '92701902', 'ABOLISHED', '92701903' FROM lko.oktmo_version WHERE file_name = 'b.csv'");
        LkoOrganisationRequest request = validOrganisation();
        LkoOrganisationRequest withAbolishedCode = new LkoOrganisationRequest(request.mokuOrganisationId(),
                request.name(), request.inn(), request.ogrn(), request.kpp(), request.address(), "92701901",
                request.founder());
        create(withAbolishedCode);
        assertThat(oktmoOf(request)).isEqualTo("92701903");

        update(updateOf(request, 1, request.name(), null, "92701902"));
        assertThat(oktmoOf(request)).isEqualTo("92701903");

        update(updateOf(request, 2, request.name(), null, "92701000"));
        assertThat(oktmoOf(request)).as("a code with no successor is stored as given").isEqualTo("92701000");
    }

    private static String oktmoOf(LkoOrganisationRequest request) {
        return database.queryForObject("SELECT oktmo FROM lko.organisation WHERE moku_organisation_id = '"
                + request.mokuOrganisationId() + "'", String.class);
    }

    @Test
    void anOlderOrRepeatedUpdateNeverOverwritesANewerOne() {
        LkoOrganisationRequest request = validOrganisation();
        create(request);
        update(updateOf(request, 3, "ООО Третья", null, "92701000"));
        Instant afterNewest = updatedAt(request);

        LkoOrganisationUpdated older = update(updateOf(request, 2, "ООО Вторая", null, "45382000"));
        LkoOrganisationUpdated repeated = update(updateOf(request, 3, "ООО Третья", null, "92701000"));

        assertThat(older.applied()).isFalse();
        assertThat(older.revision()).isEqualTo(3);
        assertThat(repeated.applied()).isFalse();
        assertThat(database.queryForObject("SELECT name || '|' || oktmo FROM lko.organisation"
                + " WHERE moku_organisation_id = '" + request.mokuOrganisationId() + "'", String.class))
                .isEqualTo("ООО Третья|92701000");
        assertThat(updatedAt(request)).isEqualTo(afterNewest);
    }

    @Test
    void concurrentUpdatesLeaveTheHighestRevision() {
        LkoOrganisationRequest request = validOrganisation();
        create(request);
        WebClient webClient = WebClient.builder().baseUrl(baseUrl()).defaultHeaders(TestJwts.bearer(TOKEN)).build();

        Flux.range(1, 12)
                .flatMap(revision -> webClient.put().uri("/api/v1/organisations/{id}", request.mokuOrganisationId())
                        .bodyValue(updateOf(request, revision, "ООО Ревизия " + revision, null, request.oktmo()))
                        .retrieve().bodyToMono(LkoOrganisationUpdated.class))
                .collectList()
                .block(WAIT);

        assertThat(database.queryForObject("SELECT name || '|' || source_revision FROM lko.organisation"
                + " WHERE moku_organisation_id = '" + request.mokuOrganisationId() + "'", String.class))
                .isEqualTo("ООО Ревизия 12|12");
    }

    @Test
    void anUpdateOfAnUnknownOrganisationIs404AndAnInvalidOneIs422() {
        LkoOrganisationRequest unknown = validOrganisation();
        client.put().uri("/api/v1/organisations/{id}", unknown.mokuOrganisationId())
                .bodyValue(updateOf(unknown, 1, "ООО Вектор", null, null))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.instance").isEqualTo("/api/v1/organisations/" + unknown.mokuOrganisationId());

        LkoOrganisationRequest request = validOrganisation();
        create(request);
        client.put().uri("/api/v1/organisations/{id}", UUID.randomUUID())
                .bodyValue(updateOf(request, 0, "ООО Вектор", null, "12"))
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("mokuOrganisationId")
                .jsonPath("$.errors[1].field").isEqualTo("revision")
                .jsonPath("$.errors[2].field").isEqualTo("oktmo");
        assertThat(database.count("SELECT count(*) FROM lko.organisation WHERE moku_organisation_id = '"
                + request.mokuOrganisationId() + "' AND source_revision = 0")).isEqualTo(1);
    }

    private static LkoOrganisationUpdate updateOf(LkoOrganisationRequest request, long revision, String name,
                                                  String address, String oktmo) {
        return new LkoOrganisationUpdate(request.mokuOrganisationId(), revision, name, request.inn(), request.ogrn(),
                request.kpp(), address, oktmo, request.founder());
    }

    private static LkoOrganisationUpdated update(LkoOrganisationUpdate update) {
        return client.put().uri("/api/v1/organisations/{id}", update.mokuOrganisationId()).bodyValue(update)
                .exchange()
                .expectStatus().isOk()
                .expectBody(LkoOrganisationUpdated.class)
                .returnResult().getResponseBody();
    }

    private static Instant updatedAt(LkoOrganisationRequest request) {
        return database.queryForObject("SELECT updated_at FROM lko.organisation WHERE moku_organisation_id = '"
                + request.mokuOrganisationId() + "'", java.time.OffsetDateTime.class).toInstant();
    }

    private static LkoOrganisationCreated create(LkoOrganisationRequest request) {
        return client.post().uri("/api/v1/organisations").bodyValue(request)
                .exchange()
                .expectStatus().isOk()
                .expectBody(LkoOrganisationCreated.class)
                .returnResult().getResponseBody();
    }

    private static long rowsFor(LkoOrganisationRequest request) {
        return database.count("SELECT count(*) FROM lko.organisation WHERE moku_organisation_id = '"
                + request.mokuOrganisationId() + "'");
    }

    private static LkoOrganisationRequest validOrganisation() {
        return new LkoOrganisationRequest(UUID.randomUUID(), "ООО Вектор", ids.legalEntityInn(), ids.ogrn(), ids.kpp(),
                "г. Москва", ids.oktmo(), new LkoOrganisationRequest.Founder(FounderKind.PERSON, null, "Иванов", "Иван", null,
                ids.personInn(), null, null));
    }

    private static String baseUrl() {
        return "http://127.0.0.1:" + service.port();
    }
}
