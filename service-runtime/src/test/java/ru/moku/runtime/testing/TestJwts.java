package ru.moku.runtime.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Bearer tokens for tests, the way the organisation's SSO would sign them: an RSA key pair made once per JVM (never
 * stored), the properties that make a service trust it ({@link #properties()}: {@code moku.security.jwt.issuer} and
 * {@code moku.security.jwt.public-key}; {@link RunningService} sets them on every service it starts), and tokens —
 * good ones per role, and the bad ones a service must refuse (expired, foreign issuer, {@code alg=none}, signed by
 * another key).
 */
public final class TestJwts {

    /** The {@code iss} of the tests' tokens. */
    public static final String ISSUER = "https://sso.test/realms/moku";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    public static final String SERVICE = "service";

    private static final Duration TTL = Duration.ofHours(1);
    private static final KeyPair KEYS = rsaKeyPair();
    private static final KeyPair OTHER_KEYS = rsaKeyPair();

    private TestJwts() {
    }

    /** The properties that make a service accept this class's tokens. */
    public static Map<String, String> properties() {
        return Map.of("moku.security.jwt.issuer", ISSUER,
                "moku.security.jwt.public-key", publicKeyPem());
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A token of an operator (reads and writes the operator APIs). */
    public static String operator() {
        return token("operator-1", OPERATOR);
    }

    /** A token of a viewer (reads only). */
    public static String viewer() {
        return token("viewer-1", VIEWER);
    }

    /** A service's client-credentials token (service-to-service writes only). */
    public static String service() {
        return token("card-processor", SERVICE);
    }

    /** A valid token of {@code subject} with {@code roles}. */
    public static String token(String subject, String... roles) {
        Instant now = Instant.now();
        return sign(KEYS.getPrivate(), claims(subject, ISSUER, now, now.plus(TTL), roles));
    }

    /** A token with {@code audience} in {@code aud}. */
    public static String withAudience(String audience, String... roles) {
        Instant now = Instant.now();
        return sign(KEYS.getPrivate(), new JWTClaimsSet.Builder(claims("aud-1", ISSUER, now, now.plus(TTL), roles))
                .audience(audience).build());
    }

    /** {@code claims} signed (RS256) by the key the services trust, whatever they say. */
    public static String signed(JWTClaimsSet claims) {
        return sign(KEYS.getPrivate(), claims);
    }

    /** An operator token whose {@code exp} was {@code ago} ago. */
    public static String expiredSince(Duration ago) {
        Instant now = Instant.now();
        return sign(KEYS.getPrivate(), claims("operator-1", ISSUER, now.minus(TTL), now.minus(ago), OPERATOR));
    }

    /** An operator token that expired five minutes ago (beyond any clock skew a service allows). */
    public static String expired() {
        Instant now = Instant.now();
        return sign(KEYS.getPrivate(), claims("operator-1", ISSUER, now.minus(TTL), now.minus(Duration.ofMinutes(5)),
                OPERATOR));
    }

    /** An operator token, signed by the right key, from another issuer. */
    public static String foreignIssuer() {
        Instant now = Instant.now();
        return sign(KEYS.getPrivate(), claims("operator-1", "https://sso.elsewhere.test/realms/other", now,
                now.plus(TTL), OPERATOR));
    }

    /** An operator token signed by a key the service does not trust. */
    public static String wrongKey() {
        Instant now = Instant.now();
        return sign(OTHER_KEYS.getPrivate(), claims("operator-1", ISSUER, now, now.plus(TTL), OPERATOR));
    }

    /** An unsigned operator token ({@code alg=none}). */
    public static String unsigned() {
        Instant now = Instant.now();
        return new PlainJWT(claims("operator-1", ISSUER, now, now.plus(TTL), OPERATOR)).serialize();
    }

    /** Sets {@code Authorization: Bearer <token>} (for {@link WebTestClient.Builder#defaultHeaders}). */
    public static Consumer<HttpHeaders> bearer(String token) {
        return headers -> headers.setBearerAuth(token);
    }

    /** {@code client} with an operator's token on every request. */
    public static WebTestClient asOperator(WebTestClient client) {
        return client.mutate().defaultHeaders(bearer(operator())).build();
    }

    private static JWTClaimsSet claims(String subject, String issuer, Instant issuedAt, Instant expiresAt,
                                       String... roles) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim("roles", List.of(roles))
                .build();
    }

    private static String sign(java.security.PrivateKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
