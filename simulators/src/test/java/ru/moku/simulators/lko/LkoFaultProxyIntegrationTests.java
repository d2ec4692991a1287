package ru.moku.simulators.lko;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.party.FounderKind;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * The proxy on a random port in front of a stand-in for ЛКО (a bare HTTP server that records what reaches it), spoken
 * to as org-registry and the end-to-end tests would: ЛКО's API through the proxy, JSON on {@code /admin/lko}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=lko-proxy",
        "simulators.lko.seed=20250301",
        "simulators.lko.faults.refused-inns=" + LkoFaultProxyIntegrationTests.CONFIGURED_INN})
@AutoConfigureWebTestClient
class LkoFaultProxyIntegrationTests {

    /** Refused by the configuration: {@code DELETE /admin/lko/faults} brings the rule back. */
    static final String CONFIGURED_INN = "7707083893";

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern MOKU_ID = Pattern.compile("\"mokuOrganisationId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private static DisposableServer lko;

    private final IdentifierGenerator identifiers = new IdentifierGenerator(new Random(7));

    @Autowired
    private WebTestClient client;

    /** A request as the stand-in for ЛКО received it. */
    record Received(String method, String uri, String header, String body) {
    }

    @DynamicPropertySource
    static void lkoStandIn(DynamicPropertyRegistry registry) {
        lko = HttpServer.create().host("127.0.0.1").port(0)
                .handle(LkoFaultProxyIntegrationTests::answerAsLko)
                .bindNow(WAIT);
        registry.add("simulators.lko.target-url", () -> "http://127.0.0.1:" + lko.port());
    }

    @AfterAll
    static void stopLkoStandIn() {
        if (lko != null) {
            lko.disposeNow(WAIT);
        }
    }

    @BeforeEach
    void startClean() {
        client = client.mutate().responseTimeout(WAIT).build();
        client.delete().uri("/admin/lko/faults").exchange().expectStatus().isOk();
        client.delete().uri("/admin/lko/rejections").exchange().expectStatus().isOk();
        client.delete().uri("/admin/lko/stats").exchange().expectStatus().isNoContent();
        received.clear();
    }

    @Test
    void anOrganisationNoRuleNamesIsForwardedAndLkosAnswerRelayed() {
        LkoOrganisationRequest organisation = organisation();

        client.post().uri("/api/v1/organisations").header("X-Test", "kept").bodyValue(organisation)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Lko", "stand-in")
                .expectBody()
                .jsonPath("$.mokuOrganisationId").isEqualTo(organisation.mokuOrganisationId().toString())
                .jsonPath("$.lkoOrganisationId").isNotEmpty();

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v1/organisations");
            assertThat(request.header()).isEqualTo("kept");
            assertThat(request.body()).contains(organisation.inn());
        });
        assertThat(stats()).isEqualTo(new LkoProxyStats(1, 0, 0));
    }

    @Test
    void aRefusedInnIsAnswered422AsLkoWouldAndNeverReachesLko() {
        LkoOrganisationRequest refused = organisation();
        LkoOrganisationRequest other = organisation();
        client.put().uri("/admin/lko/rejections").bodyValue(Map.of("inns", List.of(refused.inn())))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.inns[0]").isEqualTo(refused.inn());

        client.post().uri("/api/v1/organisations").bodyValue(refused)
                .exchange()
                .expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(422)
                .jsonPath("$.type").isEqualTo("https://moku-platform/problems/organisation-refused")
                .jsonPath("$.instance").isEqualTo("/api/v1/organisations")
                .jsonPath("$.errors[0].field").isEqualTo("inn");
        client.post().uri("/api/v1/organisations").bodyValue(other).exchange().expectStatus().isOk();

        assertThat(received).extracting(Received::body).singleElement().asString().contains(other.inn());
        assertThat(stats()).isEqualTo(new LkoProxyStats(1, 1, 0));
    }

    @Test
    void aRefusedMokuIdIsRefusedUntilTheRulesAreCleared() {
        LkoOrganisationRequest organisation = organisation();
        client.put().uri("/admin/lko/rejections")
                .bodyValue(Map.of("mokuOrganisationIds", List.of(organisation.mokuOrganisationId())))
                .exchange().expectStatus().isOk();
        for (int attempt = 0; attempt < 3; attempt++) {
            client.post().uri("/api/v1/organisations").bodyValue(organisation).exchange()
                    .expectStatus().isEqualTo(422);
        }

        client.delete().uri("/admin/lko/rejections").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.mokuOrganisationIds.length()").isEqualTo(0);
        client.post().uri("/api/v1/organisations").bodyValue(organisation).exchange().expectStatus().isOk();

        assertThat(received).hasSize(1);
        assertThat(stats()).isEqualTo(new LkoProxyStats(1, 3, 0));
    }

    @Test
    void everyOtherRequestPassesAsItCameAndItsAnswerAsLkoGaveIt() {
        client.get().uri("/api/v1/incidents?status={status}&subject={subject}", "OPEN", "a b")
                .header("X-Test", "kept")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Lko", "stand-in")
                .expectBody().jsonPath("$.title").isEqualTo("stand-in");

        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.uri()).isEqualTo("/api/v1/incidents?status=OPEN&subject=a%20b");
            assertThat(request.header()).isEqualTo("kept");
        });
    }

    @Test
    void aBodyThatIsNotAnOrganisationIsLeftForLkoToJudge() {
        client.put().uri("/admin/lko/rejections").bodyValue(Map.of("inns", List.of(CONFIGURED_INN)))
                .exchange().expectStatus().isOk();

        client.post().uri("/api/v1/organisations").contentType(MediaType.APPLICATION_JSON).bodyValue("{ nope")
                .exchange()
                .expectStatus().isBadRequest();

        assertThat(received).extracting(Received::body).containsExactly("{ nope");
    }

    @Test
    void theConfiguredFaultsComeBackOnResetAndABadSettingIs400() {
        client.put().uri("/admin/lko/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"latency\": \"PT0.01S\", \"refusedInns\": [\"5003052454\"]}")
                .exchange()
                .expectStatus().isOk()
                .expectBody(LkoFaultSettings.class)
                .isEqualTo(new LkoFaultSettings("PT0.01S", "PT0S", java.util.Set.of("5003052454"),
                        java.util.Set.of()));
        client.put().uri("/admin/lko/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"latency\": \"soon\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("latency"));

        client.delete().uri("/admin/lko/faults").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.refusedInns[0]").isEqualTo(CONFIGURED_INN);
        client.get().uri("/admin/lko/rejections").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.inns[0]").isEqualTo(CONFIGURED_INN);
    }

    @Test
    void lkoUnreachableIsA502ProblemNotAStackTrace() throws IOException {
        ConfigurableApplicationContext proxy = LkoProxyApplication.builder()
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(ReactorResourceFactory.class, () -> {
                            // Its own Reactor Netty resources: closing it must not take other servers down.
                            ReactorResourceFactory resources = new ReactorResourceFactory();
                            resources.setUseGlobalResources(false);
                            return resources;
                        }))
                .run("--server.port=0", "--simulators.lko.target-url=http://127.0.0.1:" + closedPort());
        try {
            int port = ((WebServerApplicationContext) proxy).getWebServer().getPort();
            WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build()
                    .post().uri("/api/v1/organisations").bodyValue(organisation())
                    .exchange()
                    .expectStatus().isEqualTo(502)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://moku-platform/problems/lko-unavailable")
                    .jsonPath("$.trace").doesNotExist();
        } finally {
            proxy.close();
        }
    }

    private LkoOrganisationRequest organisation() {
        return new LkoOrganisationRequest(UUID.randomUUID(), "ООО Вектор", identifiers.legalEntityInn(),
                identifiers.ogrn(), null, null, null, new LkoOrganisationRequest.Founder(FounderKind.PERSON, null,
                "Иванов", "Иван", null, identifiers.personInn(), null, null));
    }

    private LkoProxyStats stats() {
        return client.get().uri("/admin/lko/stats").exchange()
                .expectStatus().isOk()
                .expectBody(LkoProxyStats.class).returnResult().getResponseBody();
    }

    /** A port nothing listens on: taken from the system, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The stand-in for ЛКО: {@code POST /api/v1/organisations} with a МОКУ id → 200 with the pair of ids, anything
     * else → 404 problem (400 for an organisation without a МОКУ id); always the header {@code X-Lko: stand-in}.
     */
    private static Mono<Void> answerAsLko(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    received.add(new Received(request.method().name(), request.uri(),
                            request.requestHeaders().get("X-Test"), body));
                    response.header("X-Lko", "stand-in");
                    if (!request.uri().equals("/api/v1/organisations")) {
                        return respond(response, 404, "application/problem+json",
                                "{\"status\":404,\"title\":\"stand-in\"}");
                    }
                    Matcher id = MOKU_ID.matcher(body);
                    return id.find()
                            ? respond(response, 200, "application/json", "{\"lkoOrganisationId\":\""
                                    + lkoId(id.group(1)) + "\",\"mokuOrganisationId\":\"" + id.group(1) + "\"}")
                            : respond(response, 400, "application/problem+json",
                                    "{\"status\":400,\"title\":\"stand-in\"}");
                });
    }

    /** ЛКО's id for a МОКУ id: stable, and made without SecureRandom, which blocks (BlockHound watches). */
    private static UUID lkoId(String mokuOrganisationId) {
        return UUID.nameUUIDFromBytes(mokuOrganisationId.getBytes(StandardCharsets.UTF_8));
    }

    private static Mono<Void> respond(HttpServerResponse response, int status, String contentType, String body) {
        return response.status(status).header("Content-Type", contentType).sendString(Mono.just(body)).then();
    }
}
