package ru.moku.runtime.security.client;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.validation.annotation.Validated;

/**
 * How a service obtains the OAuth2 client-credentials token it sends on its calls to another service
 * ({@code moku.security.client.*}). All three of token-uri, client-id and client-secret, or none: a service that
 * needs the token ({@link #requireConfigured}) refuses to start without them.
 *
 * @param tokenUri        the issuer's token endpoint, e.g. {@code http://127.0.0.1:8093/oauth2/token}
 * @param clientId        this service's client id at the issuer
 * @param clientSecret    its secret (sent as client_secret_basic; never logged)
 * @param refreshBefore   a cached token is replaced this long before it expires (at most half its lifetime)
 * @param assumedLifetime lifetime of a token whose response has no {@code expires_in}
 * @param timeout         a token request not answered within this fails the call (a transient failure)
 * @param connectTimeout  connect timeout towards the token endpoint
 */
@Validated
@ConfigurationProperties(ClientCredentialsProperties.PREFIX)
public record ClientCredentialsProperties(
        URI tokenUri,
        String clientId,
        String clientSecret,
        @DefaultValue("60s") @NotNull Duration refreshBefore,
        @DefaultValue("60s") @NotNull Duration assumedLifetime,
        @DefaultValue("10s") @NotNull Duration timeout,
        @DefaultValue("2s") @NotNull Duration connectTimeout) {

    public static final String PREFIX = "moku.security.client";

    public ClientCredentialsProperties {
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
    }

    /** Whether the client is configured (token-uri given; {@link #isComplete()} checks the rest). */
    public boolean configured() {
        return tokenUri != null;
    }

    /** Bean Validation property {@code complete}: the three settings come together or not at all. */
    @AssertTrue(message = "moku.security.client.token-uri, client-id and client-secret must be set together")
    public boolean isComplete() {
        return (tokenUri == null) == (clientId == null) && (clientId == null) == (clientSecret == null);
    }

    /**
     * These settings, when configured; otherwise a start-up failure that names the missing property and says
     * {@code who} needs it.
     */
    public ClientCredentialsProperties requireConfigured(String who) {
        if (!configured()) {
            throw new InvalidConfigurationPropertyValueException(PREFIX + ".token-uri", null,
                    who + " calls another service with a client-credentials token: set " + PREFIX
                            + ".token-uri, " + PREFIX + ".client-id and " + PREFIX + ".client-secret");
        }
        return this;
    }

    /** The secret stays out of logs and failure messages. */
    @Override
    public String toString() {
        return "ClientCredentialsProperties[tokenUri=" + tokenUri + ", clientId=" + clientId + ", refreshBefore="
                + refreshBefore + ", assumedLifetime=" + assumedLifetime + ", timeout=" + timeout + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
