package ru.moku.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.test.StepVerifier;
import ru.moku.runtime.testing.TestJwts;

/** Which tokens the decoder of {@link ResourceServerAutoConfiguration} accepts, without a server. */
class JwtValidationUnitTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ReactiveJwtDecoder decoder = decoder(null);

    @Test
    void acceptsAValidTokenAndReadsItsSubjectAndRoles() {
        StepVerifier.create(decoder.decode(TestJwts.token("alice", "operator", "viewer")))
                .assertNext(jwt -> {
                    assertThat(jwt.getSubject()).isEqualTo("alice");
                    assertThat(jwt.getClaimAsStringList("roles")).containsExactly("operator", "viewer");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void acceptsATokenExpiredWithinTheClockSkewOfThirtySeconds() {
        StepVerifier.create(decoder.decode(TestJwts.expiredSince(Duration.ofSeconds(10))))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void refusesATokenExpiredLongerThanTheClockSkew() {
        StepVerifier.create(decoder.decode(TestJwts.expiredSince(Duration.ofSeconds(45))))
                .expectError(JwtValidationException.class)
                .verify(WAIT);
    }

    @Test
    void refusesATokenWithoutExpiry() {
        String noExpiry = TestJwts.signed(new JWTClaimsSet.Builder().issuer(TestJwts.ISSUER).subject("alice")
                .issueTime(new Date()).claim("roles", List.of("operator")).build());

        StepVerifier.create(decoder.decode(noExpiry))
                .expectError(JwtValidationException.class)
                .verify(WAIT);
    }

    @Test
    void refusesForeignIssuerUnsignedAndWronglySignedTokens() {
        StepVerifier.create(decoder.decode(TestJwts.foreignIssuer())).expectError(JwtValidationException.class)
                .verify(WAIT);
        StepVerifier.create(decoder.decode(TestJwts.unsigned())).expectError(BadJwtException.class).verify(WAIT);
        StepVerifier.create(decoder.decode(TestJwts.wrongKey())).expectError(BadJwtException.class).verify(WAIT);
    }

    @Test
    void withAnAudienceConfiguredRefusesTokensForOthersOrForNobody() {
        ReactiveJwtDecoder forGateway = decoder("moku-gateway");

        StepVerifier.create(forGateway.decode(TestJwts.withAudience("moku-gateway", "operator")))
                .expectNextCount(1).expectComplete().verify(WAIT);
        StepVerifier.create(forGateway.decode(TestJwts.withAudience("someone-else", "operator")))
                .expectError(JwtValidationException.class).verify(WAIT);
        StepVerifier.create(forGateway.decode(TestJwts.operator()))
                .expectError(JwtValidationException.class).verify(WAIT);
    }

    @Test
    void oneKeySourceIsRequired() {
        assertThat(properties(null, null).isOneKeySource()).isFalse();
        assertThat(new JwtProperties(TestJwts.ISSUER, URI.create("https://sso.test/jwks"), TestJwts.publicKeyPem(),
                null, "roles", Duration.ofSeconds(30)).isOneKeySource()).isFalse();
        assertThat(properties(TestJwts.publicKeyPem(), null).isOneKeySource()).isTrue();
    }

    @Test
    void aPublicKeyThatIsNotPemNamesTheProperty() {
        assertThatThrownBy(() -> ResourceServerAutoConfiguration.rsaPublicKey("not a key"))
                .hasMessageContaining("moku.security.jwt.public-key");
    }

    @Test
    void refusesATokenNotValidYet() {
        Instant now = Instant.now();
        String notYet = TestJwts.signed(new JWTClaimsSet.Builder().issuer(TestJwts.ISSUER).subject("alice")
                .notBeforeTime(Date.from(now.plusSeconds(120))).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("roles", List.of("operator")).build());

        StepVerifier.create(decoder.decode(notYet)).expectError(JwtValidationException.class).verify(WAIT);
    }

    private static ReactiveJwtDecoder decoder(String audience) {
        return new ResourceServerAutoConfiguration().jwtDecoder(new JwtProperties(TestJwts.ISSUER, null,
                TestJwts.publicKeyPem(), audience, "roles", Duration.ofSeconds(30)));
    }

    private static JwtProperties properties(String publicKey, String audience) {
        return new JwtProperties(TestJwts.ISSUER, null, publicKey, audience, "roles", Duration.ofSeconds(30));
    }
}
