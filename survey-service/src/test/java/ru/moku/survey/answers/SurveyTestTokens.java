package ru.moku.survey.answers;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.testing.TestSurveyKeys;

/** Survey link tokens for tests, signed with the TEST-ONLY key (or, to be refused, with a key of their own). */
final class SurveyTestTokens {

    private static final SurveyTokens.Signer SIGNER = SurveyTokens.signer(TestSurveyKeys.privateKey());

    private SurveyTestTokens() {
    }

    /** New claims for a card of its own, asking the {@code default} survey, valid for 30 days. */
    static SurveyClaims claims() {
        return claims("default");
    }

    static SurveyClaims claims(String surveyId) {
        return SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), surveyId, Instant.now(),
                Duration.ofDays(30));
    }

    static String token(SurveyClaims claims) {
        return SIGNER.sign(claims);
    }

    /** A genuine token that expired an hour ago. */
    static String expiredToken() {
        return SIGNER.sign(SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "default",
                Instant.now().minus(Duration.ofDays(2)), Duration.ofDays(2).minusHours(1)));
    }

    /** A well-formed token signed with a key survey-service does not trust. */
    static String tokenSignedWithAnotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            return SurveyTokens.signer(pem).sign(claims());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
