package ru.moku.cardprocessor.measurement;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.testing.TestSurveyKeys;

/**
 * Issue 12: CPU per survey token, the earlier way (a new Nimbus ECDSASigner per token, as SurveyTokens signed before
 * — algorithm lookup, init with the key, DER → R‖S transcoding, a new header) against {@link SurveyTokens.Signer}
 * (cached per-thread signature). A warm loop on one thread, CPU time from ThreadMXBean; prints, asserts nothing
 * (timing). Run with {@code -Dtest=SurveyTokenSigningMeasurement}.
 */
class SurveyTokenSigningMeasurement {

    private static final int WARM_UP = 3_000;
    private static final int TOKENS = 10_000;

    @Test
    void printTheCpuPerToken() throws Exception {
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(TestSurveyKeys.privateKey().replace("-----BEGIN PRIVATE KEY-----", "")
                        .replace("-----END PRIVATE KEY-----", "").replaceAll("\\s", ""))));
        SurveyTokens.Signer cached = SurveyTokens.signer(TestSurveyKeys.privateKey());
        Function<SurveyClaims, String> earlier = claims -> signTheEarlierWay(claims, key);
        Function<SurveyClaims, String> now = cached::sign;
        SurveyTokens.Signer bouncyCastle = SurveyTokens.signer(TestSurveyKeys.privateKey(),
                new org.bouncycastle.jce.provider.BouncyCastleProvider());
        Function<SurveyClaims, String> bc = bouncyCastle::sign;
        for (int round = 1; round <= 2; round++) {
            System.out.printf("round %d: earlier (new ECDSASigner per token) %,d ns CPU per token%n", round,
                    cpuPerToken(earlier));
            System.out.printf("round %d: cached per-thread signature          %,d ns CPU per token%n", round,
                    cpuPerToken(now));
            System.out.printf("round %d: cached, BouncyCastle's ECDSA           %,d ns CPU per token%n", round,
                    cpuPerToken(bc));
        }
    }

    private static long cpuPerToken(Function<SurveyClaims, String> sign) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        SurveyClaims claims = SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "default",
                Instant.now(), Duration.ofDays(30));
        int length = 0;
        for (int i = 0; i < WARM_UP; i++) {
            length += sign.apply(claims).length();
        }
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < TOKENS; i++) {
            length += sign.apply(claims).length();
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (length == 0) {
            throw new IllegalStateException("no tokens");
        }
        return cpu / TOKENS;
    }

    private static String signTheEarlierWay(SurveyClaims claims, ECPrivateKey key) {
        try {
            JWTClaimsSet set = new JWTClaimsSet.Builder()
                    .jwtID(claims.tokenId().toString())
                    .issuer("moku/card-processor")
                    .subject(claims.cardId().toString())
                    .claim("moku_org", claims.mokuOrganisationId().toString())
                    .claim("lko_org", claims.lkoOrganisationId().toString())
                    .claim("survey", claims.surveyId())
                    .issueTime(Date.from(claims.issuedAt()))
                    .expirationTime(Date.from(claims.expiresAt()))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                    set);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
