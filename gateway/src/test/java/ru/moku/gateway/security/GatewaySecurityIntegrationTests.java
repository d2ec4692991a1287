package ru.moku.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.runtime.testing.TestJwts;

/**
 * Who may call the gateway (root README, "Security: who may call what"): every operator endpoint refuses a request
 * without a valid token (401) and a viewer's write (403); the survey API, SMEV's push and the API description stay
 * open; the actuator is on the management port only, with nothing but health, info and prometheus.
 */
class GatewaySecurityIntegrationTests {

    private static final UUID RAW = UUID.randomUUID();
    private static final UUID ATTACHMENT = UUID.randomUUID();
    private static final UUID INCIDENT = UUID.randomUUID();

    @AutoClose
    private static GatewayTestApp app;
    private static WebTestClient api;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of());
        api = app.http.mutate().defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Every operator endpoint of the gateway: method and path. */
    static Stream<String> operatorEndpoints() {
        return Stream.of(
                "GET /api/v1/raw-messages",
                "GET /api/v1/raw-messages/" + RAW,
                "GET /api/v1/raw-messages/" + RAW + "/body",
                "POST /api/v1/raw-messages/" + RAW + "/reprocess",
                "GET /api/v1/raw-messages/" + RAW + "/attachments",
                "GET /api/v1/raw-messages/" + RAW + "/attachments/" + ATTACHMENT + "/content",
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + INCIDENT,
                "POST /api/v1/incidents/" + INCIDENT + "/resolve",
                "POST /api/v1/incidents/" + INCIDENT + "/retry");
    }

    static Stream<String> operatorWrites() {
        return operatorEndpoints().filter(endpoint -> endpoint.startsWith("POST"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpoints")
    void everyOperatorEndpointWithoutATokenIs401(String endpoint) {
        call(endpoint, null).expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.trace").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpoints")
    void everyOperatorEndpointAnswersAnOperatorPastTheSecurityFilter(String endpoint) {
        // Unknown ids: the API itself answers (200 for a list, 404 for an unknown id), not the security filter.
        call(endpoint, TestJwts.operator()).expectStatus().value(status ->
assertThat(status).isIn(200, 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpoints")
    void aServiceTokenMayNotUseAnOperatorEndpoint(String endpoint) {
        call(endpoint, TestJwts.service()).expectStatus().isForbidden();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorWrites")
    void aViewerMayNotWrite(String endpoint) {
        call(endpoint, TestJwts.viewer()).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
    }

    @Test
    void aViewerReads() {
        call("GET /api/v1/raw-messages", TestJwts.viewer()).expectStatus().isOk();
        call("GET /api/v1/incidents", TestJwts.viewer()).expectStatus().isOk();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"expired", "foreign-issuer", "alg-none", "wrong-key"})
    void aBadTokenIs401(String kind) {
        String token = switch (kind) {
            case "expired" -> TestJwts.expired();
            case "foreign-issuer" -> TestJwts.foreignIssuer();
            case "alg-none" -> TestJwts.unsigned();
            default -> TestJwts.wrongKey();
        };
        call("POST /api/v1/raw-messages/" + RAW + "/reprocess", token).expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        call("GET /api/v1/incidents", token).expectStatus().isUnauthorized();
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
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-survey-token");
        api.get().uri("/api/v1/surveys/not-a-survey-token").headers(TestJwts.bearer(TestJwts.expired())).exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE)
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/invalid-survey-token");
    }

    @Test
    void smevsPushNeedsNoBearerToken() {
        // Not XML: the push endpoint itself refuses it (400), the security filter let it through.
        api.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML).bodyValue("not xml").exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void healthProbesAndPrometheusAreOnTheManagementPortOnly() {
        app.management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        app.management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        app.management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        api.get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"env", "heapdump", "configprops", "beans", "threaddump", "loggers", "mappings",
            "gateway"})
    void otherActuatorEndpointsAreNotFoundOnEitherPort(String endpoint) {
        app.management.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        api.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        app.http.get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
    }

    private static WebTestClient.ResponseSpec call(String endpoint, String token) {
        String[] methodAndPath = endpoint.split(" ", 2);
        return api.method(HttpMethod.valueOf(methodAndPath[0])).uri(methodAndPath[1])
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                })
                .exchange();
    }
}
