package ru.moku.runtime.security.client;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * Sends {@code Authorization: Bearer <token>} with every request of the WebClient it filters, the token a
 * client-credentials grant at the issuer ({@code moku.security.client.*}), cached until shortly before it expires
 * and fetched once for all concurrent callers. A callee answering 401 (its keys rotated, the token revoked) makes it
 * drop the token and send the request once more with a new one; a second 401 is the caller's to handle.
 * Without a token the request is not sent: it fails with {@link ClientCredentialsException}.
 *
 * <p>Close it with the WebClient: it owns the connection pool towards the token endpoint.
 */
public final class ClientCredentialsFilter implements ExchangeFilterFunction, AutoCloseable {

    private final TokenCache tokens;
    private final AutoCloseable resources;

    ClientCredentialsFilter(TokenCache tokens, AutoCloseable resources) {
        this.tokens = tokens;
        this.resources = resources;
    }

    /** A filter fetching its tokens as {@code properties} say (which must be {@link ClientCredentialsProperties#configured()}). */
    public static ClientCredentialsFilter create(ClientCredentialsProperties properties) {
        properties.requireConfigured("This service");
        TokenEndpointClient endpoint = new TokenEndpointClient(properties);
        return new ClientCredentialsFilter(new TokenCache(Mono.defer(endpoint::fetch)), endpoint);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return tokens.token().flatMap(token -> next.exchange(authorised(request, token))
                .flatMap(response -> response.statusCode().value() == HttpStatus.UNAUTHORIZED.value()
                        ? response.releaseBody().then(againWithNewToken(request, next, token))
                        : Mono.just(response)));
    }

    private Mono<ClientResponse> againWithNewToken(ClientRequest request, ExchangeFunction next, AccessToken refused) {
        return Mono.defer(() -> {
            tokens.reject(refused);
            return tokens.token();
        }).flatMap(token -> next.exchange(authorised(request, token)));
    }

    private static ClientRequest authorised(ClientRequest request, AccessToken token) {
        return ClientRequest.from(request).headers(headers -> headers.setBearerAuth(token.value())).build();
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot release the token endpoint's connections", e);
        }
    }
}
