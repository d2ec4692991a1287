package ru.moku.survey.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
import ru.moku.model.party.FounderKind;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.simulators.identifiers.IdentifierGenerator;
import ru.moku.survey.TestSurveyService;

/** {@code POST /api/v1/organisations} of the running survey-service against the real PostgreSQL. */
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
