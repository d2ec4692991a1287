package ru.moku.runtime.security;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service checks the bearer tokens of its callers ({@code moku.security.jwt.*}): RS256 JWTs from the
 * organisation's SSO (the local run: the token issuer simulator). Validated at start-up; a service without an issuer
 * or with neither or both key sources refuses to start, naming the property.
 *
 * @param issuer      the {@code iss} every token must carry
 * @param jwkSetUri   where the issuer publishes its signing keys (JWKS); exclusive with {@code public-key}
 * @param publicKey   the issuer's RSA public key as PEM (tests, air-gapped installations); exclusive with {@code jwk-set-uri}
 * @param audience    when set, the {@code aud} claim must contain it
 * @param rolesClaim  the claim holding the caller's roles (a JSON array of strings)
 * @param clockSkew   how far {@code exp}/{@code nbf} may be off the service's clock
 */
@Validated
@ConfigurationProperties("moku.security.jwt")
public record JwtProperties(
        @NotBlank String issuer,
        URI jwkSetUri,
        String publicKey,
        String audience,
        @DefaultValue("roles") @NotBlank String rolesClaim,
        @DefaultValue("30s") @NotNull Duration clockSkew) {

    /** Exactly one place the signing keys come from. */
    @AssertTrue(message = "set exactly one of moku.security.jwt.jwk-set-uri and moku.security.jwt.public-key")
    public boolean isOneKeySource() {
        return (jwkSetUri != null) != (publicKey != null && !publicKey.isBlank());
    }

    /** Neither negative nor so large that an expired token lives on. */
    @AssertTrue(message = "moku.security.jwt.clock-skew must be between 0 and 5 minutes")
    public boolean isClockSkewSane() {
        return clockSkew == null || (!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0);
    }

    @Override
    public String toString() {
        // The public key is not a secret, but it is long and says nothing useful in a log line.
        return "JwtProperties[issuer=" + issuer + ", jwkSetUri=" + jwkSetUri + ", publicKey="
                + (publicKey == null ? "none" : "set") + ", audience=" + audience + ", rolesClaim=" + rolesClaim
                + ", clockSkew=" + clockSkew + "]";
    }
}
