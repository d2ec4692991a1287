package ru.moku.gateway.surveyapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SurveyServiceStub;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.testing.TestSurveyKeys;

/** The public survey API (seed 000 steps 16–18) on the real PostgreSQL, RabbitMQ and Redis, survey-service stubbed. */
class SurveyApiIntegrationTests {

    private static final String ORIGIN = "http://lkp.test:3000";
    private static final int LIMIT = 5;
    /**
     * The rate limit's window: long enough that no token comes back while a test makes its requests, however slowly a
     * loaded machine makes them (an hour: one request's worth refills in 12 minutes).
     */
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final String RATE_KEY_PREFIX = "test:" + UUID.randomUUID() + ":";
    private static final AtomicInteger clients = new AtomicInteger();

    private static SurveyServiceStub surveyService;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        surveyService = new SurveyServiceStub();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.surveys.survey-service-url", surveyService.baseUrl(),
                "moku.gateway.surveys.allowed-origin", ORIGIN,
                "moku.gateway.surveys.rate-limit.requests", String.valueOf(LIMIT),
                "moku.gateway.surveys.rate-limit.window", WINDOW.toString(),
                "moku.gateway.surveys.rate-limit.key-prefix", RATE_KEY_PREFIX,
                // Every request counted even on a loaded machine (failing open is FailOpenRedisRateLimiter's test).
                "moku.gateway.surveys.rate-limit.redis-timeout", "30s",
                // Well over 3 s, so that a loaded machine does not make a normal answer late; the stub's slow one takes 15 s.
                "moku.gateway.surveys.response-timeout", "5s",
                "moku.gateway.reprocessing.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                // The buckets live for two windows; this run's are of no use to anyone after it.
                ReactiveStringRedisTemplate redis = app.bean(ReactiveStringRedisTemplate.class);
                redis.keys(RATE_KEY_PREFIX + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(60));
                app.close();
            }
        } finally {
            surveyService.close();
        }
    }

    @Test
    void aValidTokenGetsSurveyServicesQuestionnaireUnchanged() {
        String token = validToken();

        client().get().uri("/api/v1/surveys/" + token).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Survey-Service", "stub")
                .expectBody(String.class).isEqualTo(SurveyServiceStub.QUESTIONNAIRE);

        assertThat(surveyService.received()).contains(new SurveyServiceStub.Received("GET", "/api/v1/surveys/" + token, ""));
    }

    @Test
    void answersAreRoutedToSurveyServiceAndItsAcceptancePassedThrough() {
        String token = validToken();

        client().post().uri("/api/v1/surveys/" + token + "/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"answers\":[{\"question\":\"q1\",\"value\":5}]}").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.submissionId").isEqualTo("5b1c0a4e-0000-4000-8000-000000000001");

        assertThat(surveyService.received()).contains(new SurveyServiceStub.Received("POST",
                "/api/v1/surveys/" + token + "/answers", "{\"answers\":[{\"question\":\"q1\",\"value\":5}]}"));
    }

    @Test
    void surveyServicesConflictAndValidationProblemsArePassedThroughUnchanged() {
        String token = validToken();

        client().post().uri("/api/v1/surveys/" + token + "/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"note\":\"conflict\"}").exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).isEqualTo(SurveyServiceStub.CONFLICT);
        client().post().uri("/api/v1/surveys/" + token + "/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"note\":\"invalid\"}").exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody(String.class).isEqualTo(SurveyServiceStub.INVALID);
    }

    @Test
    void garbageOrAForeignSignatureIs401AndNeverReachesSurveyService() throws Exception {
        String foreign = SurveyTokens.signer(foreignPrivateKey()).sign(claims(Instant.now()));
        int before = surveyService.received().size();

        problem(client().get().uri("/api/v1/surveys/not-a-token").exchange(), HttpStatus.UNAUTHORIZED,
                "invalid-survey-token", "/api/v1/surveys/not-a-token");
        problem(client().get().uri("/api/v1/surveys/" + foreign).exchange(), HttpStatus.UNAUTHORIZED,
                "invalid-survey-token");
        problem(client().post().uri("/api/v1/surveys/" + foreign + "/answers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange(), HttpStatus.UNAUTHORIZED, "invalid-survey-token");

        assertThat(surveyService.received()).hasSize(before);
    }

    @Test
    void anExpiredTokenIs410() {
        String expired = SurveyTokens.signer(TestSurveyKeys.privateKey())
                .sign(claims(Instant.now().minus(Duration.ofDays(31))));

        problem(client().get().uri("/api/v1/surveys/" + expired).exchange(), HttpStatus.GONE, "survey-link-expired",
                "/api/v1/surveys/" + expired);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String large = "{\"text\":\"" + "x".repeat(70 * 1024) + "\"}";
        String path = "/api/v1/surveys/" + validToken() + "/answers";

        problem(client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(large).exchange(),
                HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", path);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndNothingOfItReachesSurveyService() {
        String path = "/api/v1/surveys/" + validToken() + "/answers";
        byte[] chunk = "x".repeat(8 * 1024).getBytes(StandardCharsets.US_ASCII);
        // Ten 8 KB chunks without a Content-Length (Transfer-Encoding: chunked): 80 KB against the 64 KB limit.
        Flux<DataBuffer> body = Flux.range(0, 10).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(chunk));

        problem(client().post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body, DataBuffer.class)
                .exchange(), HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", path);

        assertThat(surveyService.arrived()).noneMatch(request -> request.endsWith(path));
    }

    @Test
    void aChunkedBodyWithinTheLimitIsForwardedWhole() {
        String token = validToken();
        String answers = "{\"answers\":[{\"question\":\"q1\",\"value\":\"" + "y".repeat(20 * 1024) + "\"}]}";
        byte[] bytes = answers.getBytes(StandardCharsets.US_ASCII);
        Flux<DataBuffer> body = Flux.range(0, 4).map(i -> DefaultDataBufferFactory.sharedInstance.wrap(
                java.util.Arrays.copyOfRange(bytes, i * bytes.length / 4, (i + 1) * bytes.length / 4)));

        client().post().uri("/api/v1/surveys/" + token + "/answers").contentType(MediaType.APPLICATION_JSON)
                .body(body, DataBuffer.class).exchange()
                .expectStatus().isAccepted();

        assertThat(surveyService.received()).contains(new SurveyServiceStub.Received("POST",
                "/api/v1/surveys/" + token + "/answers", answers));
    }

    @Test
    void aClientOverTheLimitGets429WithRetryAfterCountedInRedis() {
        WebTestClient client = client();
        String token = validToken();
        for (int i = 0; i < LIMIT; i++) {
            client.get().uri("/api/v1/surveys/" + token).exchange().expectStatus().isOk();
        }

        problem(client.get().uri("/api/v1/surveys/" + token).exchange(), HttpStatus.TOO_MANY_REQUESTS,
                "too-many-requests", "/api/v1/surveys/" + token)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER,
                        Long.toString(TokenBucket.of(LIMIT, WINDOW).retryAfter().toSeconds()));
        client().get().uri("/api/v1/surveys/" + token).exchange().expectStatus().isOk();
        // Spring Cloud Gateway's token bucket: two keys (tokens, timestamp) per client.
        assertThat(app.bean(ReactiveStringRedisTemplate.class).keys("*" + RATE_KEY_PREFIX + "*").collectList()
                .block(Duration.ofSeconds(60))).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aPreflightFromTheSurveyFrontEndIsAllowed() {
        client().options().uri("/api/v1/surveys/" + validToken() + "/answers")
                .header(HttpHeaders.ORIGIN, ORIGIN)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN)
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, methods -> assertThat(methods)
                        .contains("POST"));
        client().get().uri("/api/v1/surveys/" + validToken()).header(HttpHeaders.ORIGIN, ORIGIN).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
    }

    @Test
    void anotherOriginIsRefused() {
        int before = surveyService.received().size();

        problem(client().options().uri("/api/v1/surveys/" + validToken() + "/answers")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange(), HttpStatus.FORBIDDEN, "origin-not-allowed")
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        String token = validToken();
        problem(client().get().uri("/api/v1/surveys/" + token).header(HttpHeaders.ORIGIN, "https://evil.example")
                .exchange(), HttpStatus.FORBIDDEN, "origin-not-allowed", "/api/v1/surveys/" + token);

        assertThat(surveyService.received()).hasSize(before);
    }

    @Test
    void aSurveyServiceSlowerThanTheResponseTimeoutIs504() {
        problem(client().post().uri("/api/v1/surveys/" + validToken() + "/answers")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"note\":\"slow\"}").exchange(),
                HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout");
    }

    @Test
    void otherMethodsAndPathsAreProblemsToo() {
        client().method(HttpMethod.DELETE).uri("/api/v1/surveys/" + validToken()).exchange()
                .expectStatus().is4xxClientError()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void theOpenApiDescriptionIsServed() {
        client().get().uri("/api/v1/openapi.yaml").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
                .expectBody(String.class).value(document -> assertThat(document)
                        .contains("openapi: 3.1")
                        .contains("/api/v1/surveys/{token}:")
                        .contains("/api/v1/surveys/{token}/answers:")
                        .contains("/smev/inbound:"));
    }

    /** A client of its own (an IP of its own behind the ingress), so the tests' rate limits do not mix. */
    static WebTestClient client() {
        return clientOf(app);
    }

    static WebTestClient clientOf(GatewayTestApp gateway) {
        String ip = "198.51.100." + clients.incrementAndGet();
        return gateway.http.mutate().defaultHeader("X-Forwarded-For", ip).build();
    }

    static WebTestClient.ResponseSpec problem(WebTestClient.ResponseSpec response, HttpStatus status, String slug) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/" + slug)
                .jsonPath("$.status").isEqualTo(status.value())
                .jsonPath("$.trace").doesNotExist();
        return response;
    }

    /** A problem document whose {@code instance} is {@code path}, the request's path. */
    static WebTestClient.ResponseSpec problem(WebTestClient.ResponseSpec response, HttpStatus status, String slug,
                                              String path) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/" + slug)
                .jsonPath("$.status").isEqualTo(status.value())
                .jsonPath("$.instance").isEqualTo(path)
                .jsonPath("$.trace").doesNotExist();
        return response;
    }

    static String validToken() {
        return SurveyTokens.signer(TestSurveyKeys.privateKey()).sign(claims(Instant.now()));
    }

    private static ru.moku.model.survey.SurveyClaims claims(Instant issuedAt) {
        return SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "default", issuedAt,
                Duration.ofDays(30));
    }

    private static String foreignPrivateKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
