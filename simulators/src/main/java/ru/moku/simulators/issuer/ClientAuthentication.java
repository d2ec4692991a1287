package ru.moku.simulators.issuer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.util.MultiValueMap;

/**
 * Who calls the token endpoint (RFC 6749 §2.3.1): {@code client_secret_basic} ({@code Authorization: Basic} of the
 * form-urlencoded id and secret) or {@code client_secret_post} ({@code client_id} and {@code client_secret} in the
 * body), never both; checked against the configured clients in constant time.
 */
final class ClientAuthentication {

    private static final String BASIC = "Basic ";

    private final Map<String, TokenIssuerProperties.Client> clients;

    ClientAuthentication(Map<String, TokenIssuerProperties.Client> clients) {
        this.clients = Map.copyOf(clients);
    }

    /** The outcome: the authenticated client, or the RFC 6749 error to answer. */
    sealed interface Outcome {
        record Authenticated(String clientId, TokenIssuerProperties.Client client) implements Outcome {
        }

        record Failed(TokenError error) implements Outcome {
        }
    }

    Outcome authenticate(HttpHeaders headers, MultiValueMap<String, String> form) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, BASIC, 0, BASIC.length());
        boolean post = form.containsKey("client_secret");
        if (basic && post) {
            return failed(TokenError.INVALID_REQUEST, "more than one client authentication method");
        }
        Optional<String[]> credentials = basic ? fromBasic(authorization.substring(BASIC.length()).strip())
                : post ? Optional.of(new String[] {form.getFirst("client_id"), form.getFirst("client_secret")})
                : Optional.empty();
        if (credentials.isEmpty() || credentials.get()[0] == null || credentials.get()[1] == null) {
            return failed(TokenError.INVALID_CLIENT, "client authentication failed");
        }
        String clientId = credentials.get()[0];
        TokenIssuerProperties.Client client = clients.get(clientId);
        if (client == null || !sameSecret(client.secret(), credentials.get()[1])) {
            return failed(TokenError.INVALID_CLIENT, "client authentication failed");
        }
        return new Outcome.Authenticated(clientId, client);
    }

    private static Outcome failed(String error, String description) {
        return new Outcome.Failed(new TokenError(error, description));
    }

    /** {@code base64(urlencode(id) ":" urlencode(secret))}; empty when it is not that. */
    private static Optional<String[]> fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            return Optional.of(new String[] {
                    URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
