package ru.moku.survey.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.ServiceSecurityChecks;
import ru.moku.runtime.testing.TestJwts;
import ru.moku.survey.TestSurveyService;

/**
 * survey-service: the survey API stays public (its own link tokens); registering an organisation in ЛКО (org-registry's
 * hand-off) takes only a {@code service} token; the incidents are an operator API.
 */
class SurveyServiceSecurityIntegrationTests extends ServiceSecurityChecks {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String INVALID_SURVEY_TOKEN = "https://moku-platform/problems/invalid-survey-token";

    private RunningService service;

    @BeforeAll
    void start() {
        service = TestSurveyService.start(Map.of());
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Override
    protected WebTestClient api() {
        return client(service.port());
    }

    @Override
    protected WebTestClient management() {
        return client(service.managementPort());
    }

    @Override
    protected List<String> operatorEndpoints() {
        UUID id = UUID.randomUUID();
        return List.of(
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + id,
                "POST /api/v1/incidents/" + id + "/resolve",
                "POST /api/v1/incidents/" + id + "/retry",
                "GET /api/v1/export/organisations",
                "GET /api/v1/export/municipalities",
                "GET /api/v1/export/regions",
                "GET /api/v1/directory/versions",
                "GET /api/v1/directory/versions/1",
                "GET /api/v1/directory/unresolved-organisations",
                "POST /api/v1/directory/versions");
    }

    @Override
    protected List<String> serviceEndpoints() {
        return List.of("POST /api/v1/organisations", "PUT /api/v1/organisations/" + UUID.randomUUID());
    }

    @Test
    void theSurveyApiKeepsItsOwnTokenModel() {
        // A link token the service cannot read: the survey API answers it, with or without a bearer token.
        api().get().uri("/api/v1/surveys/not-a-survey-token").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.type").isEqualTo(INVALID_SURVEY_TOKEN);
        api().get().uri("/api/v1/surveys/not-a-survey-token").headers(TestJwts.bearer(TestJwts.wrongKey())).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.type").isEqualTo(INVALID_SURVEY_TOKEN);
        api().post().uri("/api/v1/surveys/not-a-survey-token/answers").bodyValue("{}").exchange()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }
}
