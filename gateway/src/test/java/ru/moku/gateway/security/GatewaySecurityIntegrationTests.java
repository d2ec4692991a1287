package ru.moku.gateway.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.runtime.testing.ServiceSecurityChecks;
import ru.moku.runtime.testing.TestJwts;

/**
 * Who may call the gateway (root README, "Security: who may call what"): its operator endpoints (raw messages,
 * attachments, reprocessing, incidents) as every service's ({@link ServiceSecurityChecks}); the survey API, SMEV's
 * push and the API description stay open and never look at a bearer token.
 */
class GatewaySecurityIntegrationTests extends ServiceSecurityChecks {

    private static final String INVALID_SURVEY_TOKEN = "https://moku-platform/problems/invalid-survey-token";

    private GatewayTestApp app;
    private WebTestClient api;

    @BeforeAll
    void start() {
        app = GatewayTestApp.start(Map.of());
        api = app.http.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Override
    protected WebTestClient api() {
        return api;
    }

    @Override
    protected WebTestClient management() {
        return app.management;
    }

    @Override
    protected List<String> operatorEndpoints() {
        UUID raw = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        return List.of(
                "GET /api/v1/raw-messages",
                "GET /api/v1/raw-messages/" + raw,
                "GET /api/v1/raw-messages/" + raw + "/body",
                "POST /api/v1/raw-messages/" + raw + "/reprocess",
                "GET /api/v1/raw-messages/" + raw + "/attachments",
                "GET /api/v1/raw-messages/" + raw + "/attachments/" + UUID.randomUUID() + "/content",
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + incident,
                "POST /api/v1/incidents/" + incident + "/resolve",
                "POST /api/v1/incidents/" + incident + "/retry");
    }

    @Test
    void theApiDescriptionIsOpen() {
        api.get().uri("/api/v1/openapi.yaml").exchange().expectStatus().isOk();
    }

    @Test
    void theSurveyApiKeepsItsOwnTokenModelAndIgnoresBearerTokens() {
        // A survey link token the gateway cannot read: SurveyTokenCheck answers, not the bearer token filter.
        api.get().uri("/api/v1/surveys/not-a-survey-token").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.type").isEqualTo(INVALID_SURVEY_TOKEN);
        api.get().uri("/api/v1/surveys/not-a-survey-token").headers(TestJwts.bearer(TestJwts.expired())).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.type").isEqualTo(INVALID_SURVEY_TOKEN);
    }

    @Test
    void smevsPushNeedsNoBearerToken() {
        // Not XML: the push endpoint itself refuses it (400) — the security filter let it through.
        api.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML).bodyValue("not xml").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void theGatewaysOwnActuatorEndpointIsNotExposed() {
        app.management.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
    }
}
