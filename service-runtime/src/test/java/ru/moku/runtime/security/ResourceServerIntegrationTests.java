package ru.moku.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.runtime.testapp.RuntimeTestApplication;
import ru.moku.runtime.testing.RunningService;
import ru.moku.runtime.testing.TestJwts;

/**
 * The security every service gets from service-runtime, on the runtime's test application over HTTP: its operator API
 * ({@code /api/v1/incidents}) against every kind of token, the actuator on the management port only.
 */
class ResourceServerIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private static RunningService service;
    private static WebTestClient api;
    private static WebTestClient management;

    @BeforeAll
    static void start() {
        service = RuntimeTestApplication.start(Map.of());
        api = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.port()).responseTimeout(WAIT).build();
        management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + service.managementPort())
                .responseTimeout(WAIT).build();
    }

    @Test
    void anOperatorApiWithoutATokenIsA401ProblemWithABearerChallenge() {
        api.get().uri("/api/v1/incidents").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/unauthorized")
                .jsonPath("$.instance").isEqualTo("/api/v1/incidents")
                .jsonPath("$.trace").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"expired", "foreign-issuer", "alg-none", "wrong-key", "garbage"})
    void aBadTokenIsA401ThatSaysInvalidTokenAndNothingMore(String kind) {
        String token = switch (kind) {
            case "expired" -> TestJwts.expired();
            case "foreign-issuer" -> TestJwts.foreignIssuer();
            case "alg-none" -> TestJwts.unsigned();
            case "wrong-key" -> TestJwts.wrongKey();
            default -> "not.a.jwt";
        };

        String body = api.get().uri("/api/v1/incidents").headers(TestJwts.bearer(token)).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("\"status\":401").doesNotContain(token).doesNotContain("Exception")
                .doesNotContain("expired at");
    }

    @Test
    void aViewerReadsButMayNotWrite() {
        api.get().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isOk();
        api.head().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isOk();

        api.post().uri("/api/v1/incidents/{id}/resolve", UUID.randomUUID())
                .headers(TestJwts.bearer(TestJwts.viewer())).exchange()
                .expectStatus().isForbidden()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(403)
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/forbidden");
    }

    @Test
    void anOperatorReadsAndWrites() {
        api.get().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isOk();
        // Past the security filter: the incident API itself answers that there is no such incident.
        api.post().uri("/api/v1/incidents/{id}/resolve", UUID.randomUUID())
                .headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aServiceTokenMayNotUseTheOperatorApis() {
        api.get().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.service())).exchange()
                .expectStatus().isForbidden();
        api.post().uri("/api/v1/incidents/{id}/retry", UUID.randomUUID())
                .headers(TestJwts.bearer(TestJwts.service())).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aTokenWithoutRolesIsForbidden() {
        api.get().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.token("nobody"))).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void healthProbesInfoAndPrometheusAreOpenOnTheManagementPort() {
        management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/info").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).contains("jvm_"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"env", "heapdump", "configprops", "beans", "threaddump", "loggers", "mappings", "metrics",
            "shutdown"})
    void everyOtherActuatorEndpointIsNotFoundOnEitherPort(String endpoint) {
        management.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        management.get().uri("/actuator/" + endpoint).headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isNotFound();
        api.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/" + endpoint).headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theActuatorIsNotOnTheApiPort() {
        api.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    }

    @Test
    void theManagementPortServesNoOperatorApi() {
        management.get().uri("/api/v1/incidents").headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aServiceWithoutAnIssuerRefusesToStartNamingTheProperty() {
        assertThatThrownBy(() -> RuntimeTestApplication.start(Map.of("moku.security.jwt.issuer", "")))
                .hasStackTraceContaining("moku.security.jwt")
                .hasStackTraceContaining("issuer");
    }

    @Test
    void aServiceWithTwoKeySourcesRefusesToStartNamingThem() {
        assertThatThrownBy(() -> RuntimeTestApplication.start(Map.of(
                "moku.security.jwt.jwk-set-uri", "https://sso.test/realms/moku/protocol/openid-connect/certs")))
                .hasStackTraceContaining("moku.security.jwt.jwk-set-uri and moku.security.jwt.public-key");
    }

    @Test
    void aServiceWhoseActuatorWouldShareTheApiPortRefusesToStart() {
        assertThatThrownBy(() -> RuntimeTestApplication.start(Map.of(
                "server.port", "18931", "management.server.port", "18931")))
                .hasStackTraceContaining("management.server.port must be a port of its own");
    }
}
