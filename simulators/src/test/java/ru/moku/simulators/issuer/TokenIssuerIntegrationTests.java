package ru.moku.simulators.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The token issuer on a random port, spoken to as the services and the local run do: discovery, JWKS, the
 * {@code client_credentials} grant with either client authentication, and operator/viewer tokens from the admin API;
 * every token is checked against the keys the JWKS publishes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=token-issuer",
        "simulators.issuer.clients.card-processor.secret=" + TokenIssuerIntegrationTests.SECRET,
        "simulators.issuer.clients.card-processor.roles=service",
        "simulators.issuer.clients.card-processor.token-ttl=PT10M",
        "simulators.issuer.clients.reporting.secret=" + TokenIssuerIntegrationTests.ODD_SECRET,
        "simulators.issuer.clients.reporting.roles=service,viewer"})
@AutoConfigureWebTestClient
class TokenIssuerIntegrationTests {

    static final String SECRET = "card-processor-secret";
    /** Characters that client_secret_basic must form-urlencode (RFC 6749 §2.3.1). */
    static final String ODD_SECRET = "s3cr:t/+%=ü";

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    private WebTestClient client;

    @LocalServerPort
    private int port;

    @BeforeEach
    void patientClient() {
        client = client.mutate().responseTimeout(WAIT).build();
    }

    @Test
    void theDiscoveryDocumentNamesTheIssuerItsKeysAndItsTokenEndpoint() {
        String issuer = "http://127.0.0.1:" + port;

        client.get().uri("/.well-known/openid-configuration").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo(issuer)
                .jsonPath("$.jwks_uri").isEqualTo(issuer + "/oauth2/jwks")
                .jsonPath("$.token_endpoint").isEqualTo(issuer + "/oauth2/token")
                .jsonPath("$.grant_types_supported[0]").isEqualTo("client_credentials");
    }

    @Test
    void theJwksPublishesOnlyThePublicHalfOfTheSigningKey() {
        JWKSet keys = jwks();

        assertThat(keys.getKeys()).singleElement().satisfies(key -> {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(key.getKeyID()).isNotBlank();
            assertThat(((RSAKey) key).size()).isEqualTo(SigningKey.KEY_SIZE);
        });
    }

    @Test
    void aClientAuthenticatedWithBasicGetsAServiceTokenSignedByTheJwksKey() throws Exception {
        Map<String, Object> answer = client.post().uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(basic("card-processor", SECRET)))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();

        assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("expires_in", 600);
        JWTClaimsSet claims = verified((String) answer.get("access_token"));
        assertThat(claims.getIssuer()).isEqualTo("http://127.0.0.1:" + port);
        assertThat(claims.getSubject()).isEqualTo("card-processor");
        assertThat(claims.getStringListClaim("roles")).containsExactly("service");
        assertThat(claims.getAudience()).as("no audience configured").isEmpty();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
                .isEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void aClientMayAuthenticateInTheBodyInstead() throws Exception {
        String token = tokenOf(form("grant_type", "client_credentials", "client_id", "card-processor",
                "client_secret", SECRET), null);

        assertThat(verified(token).getSubject()).isEqualTo("card-processor");
    }

    @Test
    void basicCredentialsAreFormUrlDecoded() throws Exception {
        String token = tokenOf(form("grant_type", "client_credentials"), basic("reporting", ODD_SECRET));

        JWTClaimsSet claims = verified(token);
        assertThat(claims.getSubject()).isEqualTo("reporting");
        assertThat(claims.getStringListClaim("roles")).containsExactly("service", "viewer");
    }

    @Test
    void aWrongSecretIsRefusedWith401InvalidClient() {
        client.post().uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(basic("card-processor", "not-the-secret")))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"token-issuer\"")
                .expectBody()
                .jsonPath("$.error").isEqualTo("invalid_client")
                .jsonPath("$.access_token").doesNotExist();
    }

    @Test
    void anUnknownClientOrNoCredentialsAtAllIs401InvalidClient() {
        expectError(form("grant_type", "client_credentials", "client_id", "stranger", "client_secret", SECRET), null)
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
        expectError(form("grant_type", "client_credentials"), null)
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_client");
    }

    @Test
    void anyOtherGrantIs400UnsupportedGrantType() {
        expectError(form("grant_type", "password", "username", "alice", "password", "x"),
                basic("card-processor", SECRET))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("unsupported_grant_type");
        expectError(form("scope", "anything"), basic("card-processor", SECRET))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void twoClientAuthenticationMethodsAtOnceAre400InvalidRequest() {
        expectError(form("grant_type", "client_credentials", "client_id", "card-processor", "client_secret", SECRET),
                basic("card-processor", SECRET))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
    }

    @Test
    void theAdminApiSignsOperatorAndViewerTokensForTheNamedSubject() throws Exception {
        Map<String, Object> operator = adminToken(Map.of("subject", "alice", "roles", List.of("operator"),
                "ttl", "PT1H"));
        Map<String, Object> viewer = adminToken(Map.of("subject", "bob", "roles", List.of("viewer")));

        JWTClaimsSet alice = verified((String) operator.get("access_token"));
        assertThat(alice.getSubject()).isEqualTo("alice");
        assertThat(alice.getStringListClaim("roles")).containsExactly("operator");
        assertThat(alice.getExpirationTime().getTime() - alice.getIssueTime().getTime())
                .isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(operator).containsEntry("expires_in", 3600);
        JWTClaimsSet bob = verified((String) viewer.get("access_token"));
        assertThat(bob.getStringListClaim("roles")).containsExactly("viewer");
        assertThat(bob.getExpirationTime().getTime() - bob.getIssueTime().getTime())
                .as("default-ttl").isEqualTo(Duration.ofHours(1).toMillis());
    }

    @Test
    void theAdminApiRefusesABlankSubjectAndALifetimeAboveTheMaximum() {
        client.post().uri("/admin/tokens").bodyValue(Map.of("subject", " ", "roles", List.of("operator")))
                .exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/tokens").bodyValue(Map.of("subject", "alice", "ttl", "P2D"))
                .exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/tokens").bodyValue(Map.of("subject", "alice", "ttl", "-PT1M"))
                .exchange().expectStatus().isBadRequest();
    }

    /** The token's claims after checking its signature with the JWKS key its {@code kid} names. */
    private JWTClaimsSet verified(String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        RSAKey key = (RSAKey) jwks().getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the JWKS has the token's kid").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        return jwt.getJWTClaimsSet();
    }

    private JWKSet jwks() {
        String json = client.get().uri("/oauth2/jwks").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        try {
            return JWKSet.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError("not a JWK set: " + json, e);
        }
    }

    private String tokenOf(MultiValueMap<String, String> form, String basic) {
        Map<String, Object> answer = expectError(form, basic)
                .expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        return (String) answer.get("access_token");
    }

    private Map<String, Object> adminToken(Map<String, Object> request) {
        return client.post().uri("/admin/tokens").bodyValue(request).exchange()
                .expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec expectError(MultiValueMap<String, String> form, String basic) {
        return client.post().uri("/oauth2/token")
                .headers(headers -> {
                    if (basic != null) {
                        headers.setBasicAuth(basic);
                    }
                })
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form))
                .exchange();
    }

    /** {@code base64(urlencode(id) ":" urlencode(secret))} (RFC 6749 §2.3.1). */
    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static MultiValueMap<String, String> form(String... pairs) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(pairs[i], pairs[i + 1]);
        }
        return form;
    }
}
