package ru.moku.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service's security must do (root README, "Security: who may call what"), as tests a service's own
 * {@code …SecurityIntegrationTests} inherits: it starts the service (non-static {@code @BeforeAll}, one instance per
 * class), names its operator endpoints and service-to-service endpoints ({@code "METHOD /path"}, unknown ids are fine:
 * past the security filter the API answers 404) and gives a client of its API and of its management port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServiceSecurityChecks {

    /** A client of the service's API port, sending no token by itself. */
    protected abstract WebTestClient api();

    /** A client of the service's management port. */
    protected abstract WebTestClient management();

    /** Every operator endpoint of the service, {@code "GET /api/v1/cards/<id>"}. */
    protected abstract List<String> operatorEndpoints();

    /** The service-to-service endpoints only a {@code service} token may call. */
    protected List<String> serviceEndpoints() {
        return List.of();
    }

    Stream<String> operatorEndpointList() {
        return operatorEndpoints().stream();
    }

    Stream<String> operatorWriteList() {
        return operatorEndpoints().stream().filter(endpoint -> !isRead(endpoint));
    }

    Stream<String> operatorReadList() {
        return operatorEndpoints().stream().filter(ServiceSecurityChecks::isRead);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpointList")
    void anOperatorEndpointWithoutATokenIs401WithABearerChallengeAndAProblem(String endpoint) {
        call(endpoint, null).expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.trace").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpointList")
    void anOperatorGetsPastTheSecurityFilter(String endpoint) {
        call(endpoint, TestJwts.operator()).expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorReadList")
    void aViewerReads(String endpoint) {
        call(endpoint, TestJwts.viewer()).expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorWriteList")
    void aViewersWriteIs403(String endpoint) {
        call(endpoint, TestJwts.viewer()).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403).jsonPath("$.trace").doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operatorEndpointList")
    void aServiceTokenMayNotUseAnOperatorEndpoint(String endpoint) {
        call(endpoint, TestJwts.service()).expectStatus().isForbidden();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"expired", "foreign-issuer", "alg-none", "wrong-key"})
    void aBadOperatorTokenIs401(String kind) {
        String token = switch (kind) {
            case "expired" -> TestJwts.expired();
            case "foreign-issuer" -> TestJwts.foreignIssuer();
            case "alg-none" -> TestJwts.unsigned();
            default -> TestJwts.wrongKey();
        };
        operatorEndpoints().forEach(endpoint -> call(endpoint, token).expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\""));
    }

    /** A plain test, not a parameterized one: most services have no service-to-service endpoint. */
    @Test
    void aServiceEndpointTakesOnlyAServiceToken() {
        for (String endpoint : serviceEndpoints()) {
            call(endpoint, null).expectStatus().isUnauthorized();
            call(endpoint, TestJwts.operator()).expectStatus().isForbidden();
            call(endpoint, TestJwts.viewer()).expectStatus().isForbidden();
            call(endpoint, TestJwts.expired()).expectStatus().isUnauthorized();
            call(endpoint, TestJwts.service()).expectStatus().value(status -> assertThat(status).isNotIn(401, 403));
        }
    }

    @Test
    void healthProbesInfoAndPrometheusAreOpenOnTheManagementPortOnly() {
        management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        management().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management().get().uri("/actuator/info").exchange().expectStatus().isOk();
        management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
        api().get().uri("/actuator/prometheus").exchange().expectStatus().isNotFound();
        api().get().uri("/actuator/health").exchange().expectStatus().isNotFound();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"env", "heapdump", "configprops", "beans", "threaddump", "loggers", "mappings", "metrics"})
    void everyOtherActuatorEndpointIsNotFoundOnEitherPort(String endpoint) {
        management().get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        api().get().uri("/actuator/" + endpoint).exchange().expectStatus().isNotFound();
        api().get().uri("/actuator/" + endpoint).headers(TestJwts.bearer(TestJwts.operator())).exchange()
                .expectStatus().isNotFound();
    }

    /** Calls {@code "METHOD /path"} with {@code token} (none if null); a write sends an empty JSON object. */
    protected WebTestClient.ResponseSpec call(String endpoint, String token) {
        String[] methodAndPath = endpoint.split(" ", 2);
        HttpMethod method = HttpMethod.valueOf(methodAndPath[0]);
        WebTestClient.RequestBodySpec request = api().method(method).uri(methodAndPath[1])
                .headers(headers -> {
                    if (token != null) {
                        headers.setBearerAuth(token);
                    }
                });
        if (isRead(endpoint)) {
            return request.exchange();
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }

    private static boolean isRead(String endpoint) {
        return endpoint.startsWith("GET ") || endpoint.startsWith("HEAD ");
    }
}
