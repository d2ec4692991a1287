package ru.moku.runtime.security.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;
import ru.moku.runtime.partner.PartnerWebClient;

/**
 * The {@code client_credentials} grant (RFC 6749 §4.4) against the issuer's token endpoint, authenticating with
 * {@code client_secret_basic} (id and secret form-urlencoded, then Base64, §2.3.1), on a small connection pool of
 * its own.
 */
final class TokenEndpointClient implements AutoCloseable {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT =
            new ParameterizedTypeReference<>() { };
    private static final int MAX_CONNECTIONS = 2;

    private final ClientCredentialsProperties properties;
    private final PartnerWebClient http;

    TokenEndpointClient(ClientCredentialsProperties properties) {
        this.properties = properties;
        this.http = new PartnerWebClient("token-endpoint", properties.tokenUri(), MAX_CONNECTIONS,
                properties.connectTimeout(), builder -> { });
    }

    /** A new token; fails with {@link ClientCredentialsException}. */
    Mono<AccessToken> fetch() {
        return http.webClient().post()
                .uri(properties.tokenUri())
                .headers(headers -> headers.setBasicAuth(formEncoded(properties.clientId()),
                        formEncoded(properties.clientSecret())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
                .exchangeToMono(this::read)
                .timeout(properties.timeout())
                .onErrorMap(error -> !(error instanceof ClientCredentialsException), this::unavailable);
    }

    private Mono<AccessToken> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (!response.statusCode().is2xxSuccessful()) {
            // RFC 6749 §5.2: the error body names the error (invalid_client, …), never a secret.
            return response.bodyToMono(String.class).defaultIfEmpty("")
                    .flatMap(body -> Mono.error(new ClientCredentialsException("The token endpoint "
                            + properties.tokenUri() + " refused client " + properties.clientId() + ": " + status + " "
                            + abbreviate(body), null)));
        }
        return response.bodyToMono(JSON_OBJECT)
                .flatMap(body -> body.get("access_token") instanceof String value && !value.isBlank()
                        ? Mono.just(AccessToken.of(value, lifetime(body), properties.refreshBefore(), TokenCache.now()))
                        : Mono.error(new ClientCredentialsException("The token endpoint " + properties.tokenUri()
                                + " answered " + status + " without an access_token", null)));
    }

    private Duration lifetime(Map<String, Object> body) {
        return body.get("expires_in") instanceof Number seconds && seconds.longValue() > 0
                ? Duration.ofSeconds(seconds.longValue())
                : properties.assumedLifetime();
    }

    private ClientCredentialsException unavailable(Throwable error) {
        String reason = error instanceof TimeoutException
                ? "no answer within " + properties.timeout() : error.getMessage();
        return new ClientCredentialsException("The token endpoint " + properties.tokenUri() + " is unavailable: "
                + reason, error);
    }

    private static String formEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String body) {
        String text = body.strip();
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}
