package ru.moku.cardprocessor.survey;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.testing.TestSurveyKeys;

/**
 * The survey link signer with its per-thread cached signature and BouncyCastle's ECDSA (issue 12) makes the tokens
 * card-processor made before:
 * the same header, verified by the same verifier, and tokens made the earlier way (Nimbus' ECDSASigner, new per
 * token) still verify.
 */
class SurveyTokenSigningUnitTests {

    /** As SurveyLinkIssuer signs: BouncyCastle's ECDSA, cached per thread. */
    private static final SurveyTokens.Signer SIGNER = SurveyTokens.signer(TestSurveyKeys.privateKey(),
            new BouncyCastleProvider());
    private static final SurveyTokens.Signer JDK_SIGNER = SurveyTokens.signer(TestSurveyKeys.privateKey());
    private static final SurveyTokens.Verifier VERIFIER = SurveyTokens.verifier(TestSurveyKeys.publicKey());

    @Test
    void aTokenOfTheCachedSignerVerifiesWithItsClaims() throws Exception {
        SurveyClaims claims = claims();

        String token = SIGNER.sign(claims);

        assertThat(VERIFIER.verify(token)).isEqualTo(claims);
        assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(publicKey()))).isTrue();
    }

    @Test
    void theCachedSignerWritesTheHeaderAndClaimsTheEarlierSignerWrote() throws Exception {
        SurveyClaims claims = claims();

        String[] cached = SIGNER.sign(claims).split("\\.");
        String[] earlier = signTheEarlierWay(claims).split("\\.");

        assertThat(cached[0]).isEqualTo(earlier[0]);
        assertThat(cached[1]).isEqualTo(earlier[1]);
        assertThat(Base64.getUrlDecoder().decode(cached[2])).hasSize(64);
    }

    @Test
    void theJdksEcdsaCachedPerThreadMakesTokensThatVerifyToo() throws Exception {
        SurveyClaims claims = claims();

        String token = JDK_SIGNER.sign(claims);

        assertThat(VERIFIER.verify(token)).isEqualTo(claims);
        assertThat(token.split("\\.")[0]).isEqualTo(signTheEarlierWay(claims).split("\\.")[0]);
    }

    @Test
    void aTokenSignedTheEarlierWayStillVerifies() throws Exception {
        SurveyClaims claims = claims();

        assertThat(VERIFIER.verify(signTheEarlierWay(claims))).isEqualTo(claims);
    }

    @Test
    void threadsSigningAtOnceEachMakeValidTokensAgainAndAgain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                work.add(() -> {
                    SurveyClaims claims = claims();
                    return VERIFIER.verify(SIGNER.sign(claims)).equals(claims);
                });
            }
            for (Future<Boolean> done : pool.invokeAll(work)) {
                assertThat(done.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** How SurveyTokens signed before issue 12: a new ECDSASigner call (algorithm lookup, init, DER transcoding). */
    static String signTheEarlierWay(SurveyClaims claims) throws Exception {
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(), set);
        jwt.sign(new ECDSASigner(privateKey()));
        return jwt.serialize();
    }

    static SurveyClaims claims() {
        return SurveyTokens.claims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "default", Instant.now(),
                Duration.ofDays(30));
    }

    static ECPrivateKey privateKey() throws Exception {
        return (ECPrivateKey) KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(pem(TestSurveyKeys.privateKey(), "PRIVATE KEY")));
    }

    private static ECPublicKey publicKey() throws Exception {
        return (ECPublicKey) KeyFactory.getInstance("EC")
                .generatePublic(new X509EncodedKeySpec(pem(TestSurveyKeys.publicKey(), "PUBLIC KEY")));
    }

    private static byte[] pem(String text, String type) {
        return Base64.getDecoder().decode(text.replace("-----BEGIN " + type + "-----", "")
                .replace("-----END " + type + "-----", "").replaceAll("\\s", ""));
    }
}
