package ru.moku.runtime.survey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import ru.moku.model.messaging.Ids;
import ru.moku.model.survey.SurveyClaims;

/**
 * Survey link tokens (seed 000 steps 12–18): an ES256-signed JWT carrying {@link SurveyClaims}. card-processor holds
 * the private key and {@linkplain Signer signs}; the gateway and survey-service hold only the public key and
 * {@linkplain Verifier verify}. Keys are PEM text from configuration or secrets (PKCS#8 private, X.509 public).
 */
public final class SurveyTokens {

    static final String ISSUER = "moku/card-processor";
    private static final String MOKU_ORGANISATION = "moku_org";
    private static final String LKO_ORGANISATION = "lko_org";
    private static final String SURVEY = "survey";

    private SurveyTokens() {
    }

    /** A token that cannot be trusted: malformed, not ours, or tampered with (HTTP 401). */
    public static class InvalidToken extends RuntimeException {
        public InvalidToken(String message) {
            super(message);
        }
    }

    /** A genuine token past its expiry (HTTP 410). */
    public static final class ExpiredToken extends RuntimeException {
        private final transient SurveyClaims claims;

        ExpiredToken(SurveyClaims claims) {
            super("the survey link expired at " + claims.expiresAt());
            this.claims = claims;
        }

        public SurveyClaims claims() {
            return claims;
        }
    }

    /**
     * Signs claims with the private key. Thread-safe: each thread signs with a JCA {@link Signature} of its own,
     * initialised with the key once and reused for every later token of that thread (Nimbus' {@link ECDSASigner}
     * looks the algorithm up, initialises it with the key and transcodes its DER output on every call). Use it from a
     * bounded set of threads (card-processor signs on a pool of its own), so that the cached instances stay few.
     */
    public static final class Signer {
        /** The same header for every token: {@code {"typ":"JWT","alg":"ES256"}}. */
        private static final JWSHeader HEADER = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .build();

        private final JWSSigner signer;

        Signer(JWSSigner signer) {
            this.signer = signer;
        }

        public String sign(SurveyClaims claims) {
            JWTClaimsSet set = new JWTClaimsSet.Builder()
                    .jwtID(claims.tokenId().toString())
                    .issuer(ISSUER)
                    .subject(claims.cardId().toString())
                    .claim(MOKU_ORGANISATION, claims.mokuOrganisationId().toString())
                    .claim(LKO_ORGANISATION, claims.lkoOrganisationId().toString())
                    .claim(SURVEY, claims.surveyId())
                    .issueTime(Date.from(claims.issuedAt()))
                    .expirationTime(Date.from(claims.expiresAt()))
                    .build();
            SignedJWT jwt = new SignedJWT(HEADER, set);
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign a survey token: " + e.getMessage(), e);
            }
            return jwt.serialize();
        }
    }

    /**
     * ES256 (ECDSA on P-256 with SHA-256) for Nimbus with a {@link Signature} cached per thread. The JCA algorithm
     * {@code SHA256withECDSAinP1363Format} gives the signature as JWS wants it (R and S, 32 bytes each), so nothing
     * is transcoded; the tokens are those {@link ECDSASigner} makes and verify with {@link ECDSAVerifier} alike.
     */
    private static final class CachedEs256Signer implements JWSSigner {
        /** ECDSA with SHA-256, the signature as R‖S: the JDK's name, and BouncyCastle's ("plain" = BSI TR-03111). */
        private static final String JDK_ALGORITHM = "SHA256withECDSAinP1363Format";
        private static final String BOUNCY_CASTLE_ALGORITHM = "SHA256withPLAIN-ECDSA";

        private final ECPrivateKey key;
        private final Provider provider;
        private final JCAContext jca = new JCAContext();
        private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(this::newSignature);

        CachedEs256Signer(ECPrivateKey key, Provider provider) {
            this.key = key;
            this.provider = provider;
            newSignature();
        }

        private Signature newSignature() {
            try {
                Signature signature = provider == null ? Signature.getInstance(JDK_ALGORITHM)
                        : Signature.getInstance(BOUNCY_CASTLE_ALGORITHM, provider);
                // A random source of the thread's own: the JVM's shared one serialises its callers.
                signature.initSign(key, SecureRandom.getInstance("DRBG"));
                return signature;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot sign ES256 with the survey key: " + e.getMessage(), e);
            }
        }

        @Override
        public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                throw new JOSEException("survey tokens are ES256, not " + header.getAlgorithm());
            }
            Signature signature = signatures.get();
            try {
                signature.update(signingInput);
                // sign() leaves the instance initialised with the key, ready for the thread's next token.
                return Base64URL.encode(signature.sign());
            } catch (SignatureException | RuntimeException e) {
                signatures.remove();
                throw new JOSEException("cannot sign: " + e.getMessage(), e);
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.ES256);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }

    /** Checks tokens with the public key. Thread-safe. */
    public static final class Verifier {
        private final JWSVerifier verifier;
        private final Clock clock;

        Verifier(JWSVerifier verifier, Clock clock) {
            this.verifier = verifier;
            this.clock = clock;
        }

        /**
         * The claims of a genuine, unexpired token.
         *
         * @throws InvalidToken if it is malformed, signed otherwise or tampered with
         * @throws ExpiredToken if it is genuine but expired
         */
        public SurveyClaims verify(String token) {
            SignedJWT jwt;
            try {
                jwt = SignedJWT.parse(token);
            } catch (ParseException | RuntimeException e) {
                throw new InvalidToken("not a survey token");
            }
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                throw new InvalidToken("not an ES256 token");
            }
            try {
                if (!jwt.verify(verifier)) {
                    throw new InvalidToken("bad signature");
                }
            } catch (JOSEException e) {
                throw new InvalidToken("bad signature");
            }
            SurveyClaims claims = claims(jwt);
            if (!clock.instant().isBefore(claims.expiresAt())) {
                throw new ExpiredToken(claims);
            }
            return claims;
        }

        private static SurveyClaims claims(SignedJWT jwt) {
            try {
                JWTClaimsSet set = jwt.getJWTClaimsSet();
                if (!ISSUER.equals(set.getIssuer()) || set.getExpirationTime() == null || set.getIssueTime() == null) {
                    throw new InvalidToken("not a survey token");
                }
                return new SurveyClaims(UUID.fromString(set.getJWTID()), UUID.fromString(set.getSubject()),
                        UUID.fromString(set.getStringClaim(MOKU_ORGANISATION)),
                        UUID.fromString(set.getStringClaim(LKO_ORGANISATION)), set.getStringClaim(SURVEY),
                        set.getIssueTime().toInstant(), set.getExpirationTime().toInstant());
            } catch (ParseException | IllegalArgumentException | NullPointerException e) {
                throw new InvalidToken("not a survey token");
            }
        }
    }

    /** A signer for the PKCS#8 PEM {@code privateKeyPem} (an EC P-256 key), with the JDK's ECDSA. */
    public static Signer signer(String privateKeyPem) {
        return signer(privateKeyPem, null);
    }

    /**
     * A signer for the PKCS#8 PEM {@code privateKeyPem} (an EC P-256 key) whose ECDSA is {@code provider}'s, or the
     * JDK's when {@code null}. Only BouncyCastle's provider is meant ({@code SHA256withPLAIN-ECDSA}): its P-256 keeps
     * a table of the base point's multiples, so a signature costs a fraction of the JDK 17's. The tokens are the same
     * either way: ES256, verified by {@link #verifier}.
     */
    public static Signer signer(String privateKeyPem, Provider provider) {
        try {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyPem, "PRIVATE KEY")));
            // ES256 needs a key on P-256; a key on another curve is refused here, at start-up.
            if (!JWSAlgorithm.ES256.equals(ECDSA.resolveAlgorithm(key))) {
                throw new JOSEException("the key is not on P-256, which ES256 needs");
            }
            return new Signer(new CachedEs256Signer(key, provider));
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC P-256 private key in PKCS#8 PEM: " + e.getMessage(), e);
        }
    }

    /** A verifier for the X.509 PEM {@code publicKeyPem} (an EC P-256 key), on the system clock. */
    public static Verifier verifier(String publicKeyPem) {
        return verifier(publicKeyPem, Clock.systemUTC());
    }

    public static Verifier verifier(String publicKeyPem, Clock clock) {
        try {
            ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(pem(publicKeyPem, "PUBLIC KEY")));
            return new Verifier(new ECDSAVerifier(key), clock);
        } catch (GeneralSecurityException | JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC P-256 public key in X.509 PEM: " + e.getMessage(), e);
        }
    }

    /** New claims for a card's survey, valid from {@code now} for {@code ttl} (whole seconds, as a JWT keeps them). */
    public static SurveyClaims claims(UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId, String surveyId,
                                      Instant now, Duration ttl) {
        Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
        return new SurveyClaims(Ids.next(), cardId, mokuOrganisationId, lkoOrganisationId, surveyId, issuedAt,
                issuedAt.plus(ttl.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static byte[] pem(String text, String type) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no key given");
        }
        String body = text.replace("-----BEGIN " + type + "-----", "")
                .replace("-----END " + type + "-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
