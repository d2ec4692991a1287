package ru.moku.runtime.testing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for the issuer's token endpoint on a random port: {@code POST /oauth2/token} with
 * {@code grant_type=client_credentials} and the one client it knows (client_secret_basic) gets
 * {@code stub-token-<n>}, numbered per request, valid for {@code lifetime}; anything else 401 {@code invalid_client}.
 * For tests of services that call another service with a client-credentials token.
 */
public final class StubTokenEndpoint implements AutoCloseable {

    private final String clientId;
    private final String clientSecret;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final IntFunction<String> tokens;
    private final DisposableServer server;

    public StubTokenEndpoint(String clientId, String clientSecret, Duration lifetime) {
        this(clientId, clientSecret, lifetime, StubTokenEndpoint::token);
    }

    private StubTokenEndpoint(String clientId, String clientSecret, Duration lifetime, IntFunction<String> tokens) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.lifetime = lifetime;
        this.tokens = tokens;
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/oauth2/token", this::answer))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Knows {@code test-client} / {@code test-secret}; tokens valid for an hour. */
    public static StubTokenEndpoint start() {
        return new StubTokenEndpoint("test-client", "test-secret", Duration.ofHours(1));
    }

    /**
     * Knows {@code test-client} / {@code test-secret} and issues real {@link TestJwts} tokens with role
     * {@code service} (subject {@code test-client}): for tests in which the called service checks them.
     */
    public static StubTokenEndpoint startIssuingServiceJwts() {
        return new StubTokenEndpoint("test-client", "test-secret", Duration.ofHours(1),
                n -> TestJwts.token("test-client", TestJwts.SERVICE));
    }

    public String tokenUri() {
        return "http://127.0.0.1:" + server.port() + "/oauth2/token";
    }

    /** {@code moku.security.client.*} pointing at this endpoint with its client. */
    public Map<String, String> clientProperties() {
        return Map.of("moku.security.client.token-uri", tokenUri(),
                "moku.security.client.client-id", clientId,
                "moku.security.client.client-secret", clientSecret);
    }

    /** Tokens issued so far. */
    public int issued() {
        return issued.get();
    }

    /** The value of the {@code n}-th token issued (1-based). */
    public static String token(int n) {
        return "stub-token-" + n;
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        String authorization = request.requestHeaders().get("Authorization");
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    if (!body.contains("grant_type=client_credentials")) {
                        return json(response, 400, "{\"error\":\"unsupported_grant_type\"}");
                    }
                    if (!(clientId + ":" + clientSecret).equals(basicCredentials(authorization))) {
                        return json(response.header("WWW-Authenticate", "Basic"), 401,
                                "{\"error\":\"invalid_client\"}");
                    }
                    return json(response, 200, "{\"access_token\":\"" + tokens.apply(issued.incrementAndGet())
                            + "\",\"token_type\":\"Bearer\",\"expires_in\":" + lifetime.toSeconds() + "}");
                });
    }

    private static String basicCredentials(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8) + ":"
                + URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
    }

    private static Mono<Void> json(HttpServerResponse response, int status, String body) {
        return response.status(status).header("Content-Type", "application/json").sendString(Mono.just(body)).then();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(60));
    }
}
