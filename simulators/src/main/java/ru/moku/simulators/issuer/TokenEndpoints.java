package ru.moku.simulators.issuer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a resource server and an OAuth2 client need: the discovery document (OpenID Connect Discovery 1.0 §4, the
 * subset a resource server reads), the JWKS (RFC 7517) and the token endpoint for the {@code client_credentials}
 * grant (RFC 6749 §4.4), with RFC 6749 §5.2 errors.
 */
@RestController
class TokenEndpoints {

    static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    static final String JWKS_PATH = "/oauth2/jwks";
    static final String TOKEN_PATH = "/oauth2/token";
    static final String CLIENT_CREDENTIALS = "client_credentials";

    private static final Logger log = LoggerFactory.getLogger(TokenEndpoints.class);

    private final IssuerIdentity identity;
    private final SigningKey key;
    private final TokenMinter minter;
    private final ClientAuthentication clients;

    TokenEndpoints(IssuerIdentity identity, SigningKey key, TokenMinter minter, ClientAuthentication clients) {
        this.identity = identity;
        this.key = key;
        this.minter = minter;
        this.clients = clients;
    }

    @GetMapping(path = DISCOVERY_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> discovery() {
        String issuer = identity.issuer();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("jwks_uri", issuer + JWKS_PATH);
        document.put("token_endpoint", issuer + TOKEN_PATH);
        document.put("grant_types_supported", List.of(CLIENT_CREDENTIALS));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return document;
    }

    @GetMapping(path = JWKS_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return key.publicKeys().toJSONObject();
    }

    @PostMapping(path = TOKEN_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Object>> token(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> token(exchange.getRequest().getHeaders(), form));
    }

    private Mono<ResponseEntity<Object>> token(HttpHeaders headers, MultiValueMap<String, String> form) {
        ClientAuthentication.Outcome outcome = clients.authenticate(headers, form);
        if (outcome instanceof ClientAuthentication.Outcome.Failed failed) {
            log.info("Token request refused: {}", failed.error().errorDescription());
            HttpStatus status = TokenError.INVALID_CLIENT.equals(failed.error().error())
                    ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
            if (status == HttpStatus.UNAUTHORIZED) {
                answer.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"token-issuer\"");
            }
            return Mono.just(answer.body(failed.error()));
        }
        ClientAuthentication.Outcome.Authenticated client = (ClientAuthentication.Outcome.Authenticated) outcome;
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return Mono.just(badRequest(new TokenError(TokenError.INVALID_REQUEST, "grant_type is missing")));
        }
        if (!CLIENT_CREDENTIALS.equals(grantType)) {
            return Mono.just(badRequest(new TokenError(TokenError.UNSUPPORTED_GRANT_TYPE,
                    "only client_credentials is supported")));
        }
        return minter.issue(client.clientId(), client.client().roles(), client.client().tokenTtl())
                .map(token -> {
                    log.debug("Issued a token to client {} for {}", client.clientId(), token.lifetime());
                    return ResponseEntity.ok()
                            .cacheControl(CacheControl.noStore())
                            .header(HttpHeaders.PRAGMA, "no-cache")
                            .body(TokenResponse.of(token));
                });
    }

    private static ResponseEntity<Object> badRequest(TokenError error) {
        return ResponseEntity.badRequest().cacheControl(CacheControl.noStore()).body(error);
    }
}
