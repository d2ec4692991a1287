package ru.moku.simulators.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Signs access tokens: RS256 JWTs with {@code iss}, {@code sub}, {@code aud} (when configured), {@code iat},
 * {@code exp}, {@code jti} and {@code roles} (a JSON array of strings), the {@code kid} of the signing key in the
 * header so that a verifier picks the right key from the JWKS.
 */
final class TokenMinter {

    static final String ROLES_CLAIM = "roles";

    private final SigningKey key;
    private final IssuerIdentity identity;
    private final String audience;
    private final Clock clock;
    private final Scheduler signing;

    /** @param signing where tokens are signed: a pool of the issuer's own, so other work cannot delay a token */
    TokenMinter(SigningKey key, IssuerIdentity identity, String audience, Clock clock, Scheduler signing) {
        this.key = key;
        this.identity = identity;
        this.audience = audience == null || audience.isBlank() ? null : audience;
        this.clock = clock;
        this.signing = signing;
    }

    /**
     * {@link #mint} off the event loop: RSA signing blinds with fresh randomness from the JDK's SecureRandom, which reads
     * {@code /dev/urandom}.
     */
    Mono<IssuedToken> issue(String subject, List<String> roles, Duration lifetime) {
        return Mono.fromCallable(() -> mint(subject, roles, lifetime)).subscribeOn(signing);
    }

    /** A token for {@code subject} with {@code roles}, valid for {@code lifetime} from now. */
    IssuedToken mint(String subject, List<String> roles, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(identity.issuer())
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(tokenId())
                .claim(ROLES_CLAIM, List.copyOf(roles));
        if (audience != null) {
            claims.audience(audience);
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.keyId())
                .build();
        SignedJWT token = new SignedJWT(header, claims.build());
        try {
            token.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token: " + e.getMessage(), e);
        }
        return new IssuedToken(token.serialize(), lifetime);
    }

    /**
     * A unique {@code jti}. Not {@link UUID#randomUUID()}: its SecureRandom may read {@code /dev/urandom} on the event
     * loop; an id that only has to be unique needs no cryptographic randomness.
     */
    private static String tokenId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** A signed token and how long it is valid. */
    record IssuedToken(String value, Duration lifetime) {

        @Override
        public String toString() {
            return "IssuedToken[lifetime=" + lifetime + "]";
        }
    }
}
