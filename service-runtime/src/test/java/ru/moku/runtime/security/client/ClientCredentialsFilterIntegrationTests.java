package ru.moku.runtime.security.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import ru.moku.runtime.testing.StubTokenEndpoint;

/** The filter on a real WebClient: a token from a token endpoint over HTTP, sent to a callee over HTTP. */
class ClientCredentialsFilterIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Queue<String> received = new ConcurrentLinkedQueue<>();
    private static StubTokenEndpoint tokenEndpoint;
    private static DisposableServer callee;

    @BeforeAll
    static void start() {
        tokenEndpoint = new StubTokenEndpoint("org-registry", "s3cr:t/+", Duration.ofMinutes(10));
        callee = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    received.add(String.valueOf(request.requestHeaders().get("Authorization")));
                    return response.status(204).send();
                })
                .bindNow(WAIT);
    }

    @AfterAll
    static void stop() {
        tokenEndpoint.close();
        callee.disposeNow(WAIT);
    }

    @Test
    void theCalleeReceivesTheTokenTheEndpointIssuedToTheClient() {
        try (ClientCredentialsFilter filter = ClientCredentialsFilter.create(properties("s3cr:t/+"))) {
            WebClient client = WebClient.builder().filter(filter).build();
            Mono<Integer> call = client.post().uri("http://127.0.0.1:" + callee.port() + "/api/v1/organisations")
                    .retrieve().toBodilessEntity().map(entity -> entity.getStatusCode().value());

            StepVerifier.create(call.then(call)).expectNext(204).expectComplete().verify(WAIT);

            assertThat(received).containsExactly("Bearer " + StubTokenEndpoint.token(1),
                    "Bearer " + StubTokenEndpoint.token(1));
        }
    }

    @Test
    void aWrongSecretFailsTheCallWithoutReachingTheCallee() {
        int before = received.size();
        try (ClientCredentialsFilter filter = ClientCredentialsFilter.create(properties("wrong"))) {
            Mono<?> call = WebClient.builder().filter(filter).build()
                    .post().uri("http://127.0.0.1:" + callee.port() + "/api/v1/organisations")
                    .retrieve().toBodilessEntity();

            StepVerifier.create(call)
                    .expectErrorSatisfies(error -> assertThat(error)
                            .isInstanceOf(ClientCredentialsException.class)
                            .hasMessageContaining("401")
                            .hasMessageContaining("invalid_client")
                            .hasMessageNotContaining("wrong"))
                    .verify(WAIT);
            assertThat(received).hasSize(before);
        }
    }

    @Test
    void anUnconfiguredClientIsAStartUpFailureNamingTheProperty() {
        ClientCredentialsProperties none = new ClientCredentialsProperties(null, null, " ", Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2));

        assertThat(none.configured()).isFalse();
        assertThat(none.isComplete()).isTrue();
        assertThatThrownBy(() -> none.requireConfigured("org-registry's hand-off to ЛКО"))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("moku.security.client.token-uri")
                .hasMessageContaining("org-registry's hand-off to ЛКО");
        assertThat(new ClientCredentialsProperties(URI.create("http://issuer/oauth2/token"), "x", null,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO).isComplete()).isFalse();
        assertThat(properties("secret-value").toString()).doesNotContain("secret-value");
    }

    private static ClientCredentialsProperties properties(String secret) {
        return new ClientCredentialsProperties(URI.create(tokenEndpoint.tokenUri()), "org-registry", secret,
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }
}
