package ru.moku.runtime.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.testing.TestSurveyKeys;

/** Survey link tokens: what passes, what is refused as invalid (401) and what as expired (410). */
class SurveyTokensUnitTests {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final SurveyClaims CLAIMS = SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(),
            UUID.randomUUID(), "default", NOW, Duration.ofDays(30));

    private final SurveyTokens.Signer signer = SurveyTokens.signer(TestSurveyKeys.privateKey());

    @Test
    void aSignedTokenVerifiesToItsClaimsWithThePublicKeyAlone() {
        String token = signer.sign(CLAIMS);

        assertThat(verifierAt(NOW.plusSeconds(60)).verify(token)).isEqualTo(CLAIMS);
    }

    @Test
    void aTokenPastItsExpiryIsExpiredAndStillSaysWhoseItWas() {
        String token = signer.sign(CLAIMS);

        assertThatThrownBy(() -> verifierAt(NOW.plus(Duration.ofDays(30))).verify(token))
                .isInstanceOfSatisfying(SurveyTokens.ExpiredToken.class,
                        expired -> assertThat(expired.claims()).isEqualTo(CLAIMS));
    }

    @Test
    void aTamperedPayloadIsInvalid() {
        String[] parts = signer.sign(CLAIMS).split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace(CLAIMS.cardId().toString(),
                        UUID.randomUUID().toString()).getBytes());

        assertThatThrownBy(() -> verifierAt(NOW).verify(parts[0] + "." + otherPayload + "." + parts[2]))
                .isInstanceOf(SurveyTokens.InvalidToken.class).hasMessage("bad signature");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsInvalid() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        String otherPrivate = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";

        String token = SurveyTokens.signer(otherPrivate).sign(CLAIMS);

        assertThatThrownBy(() -> verifierAt(NOW).verify(token)).isInstanceOf(SurveyTokens.InvalidToken.class);
    }

    @Test
    void anUnsignedTokenIsInvalid() {
        String[] parts = signer.sign(CLAIMS).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());

        assertThatThrownBy(() -> verifierAt(NOW).verify(none + "." + parts[1] + "."))
                .isInstanceOf(SurveyTokens.InvalidToken.class);
    }

    @Test
    void garbageIsInvalid() {
        assertThatThrownBy(() -> verifierAt(NOW).verify("not-a-token"))
                .isInstanceOf(SurveyTokens.InvalidToken.class).hasMessage("not a survey token");
    }

    @Test
    void aMisconfiguredKeyIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> SurveyTokens.verifier("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an EC P-256 public key");
    }

    private static SurveyTokens.Verifier verifierAt(Instant now) {
        return SurveyTokens.verifier(TestSurveyKeys.publicKey(), Clock.fixed(now, ZoneOffset.UTC));
    }
}
