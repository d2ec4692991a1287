package ru.moku.simulators.issuer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the token issuer ({@code simulators.issuer.*}).
 *
 * @param issuer     the {@code iss} of every token and the base of the discovery document's URLs; absent = {@code http://127.0.0.1:<port>}
 * @param keyFile    PEM file (PKCS#8) of the RSA signing key; created with a new 2048-bit key when missing, so restarts and replicas keep the key; absent = a new key per start, kept in memory only
 * @param audience   the {@code aud} of every token; absent = no {@code aud} claim
 * @param defaultTtl lifetime of an admin token whose request names none
 * @param maxTtl     the longest lifetime an admin token may ask for
 * @param clients    the clients allowed the {@code client_credentials} grant, by client id
 */
@Validated
@ConfigurationProperties("simulators.issuer")
public record TokenIssuerProperties(
        String issuer,
        Path keyFile,
        String audience,
        @DefaultValue("PT1H") @NotNull Duration defaultTtl,
        @DefaultValue("PT24H") @NotNull Duration maxTtl,
        @DefaultValue @NotNull Map<String, @Valid Client> clients) {

    /**
     * One client of the {@code client_credentials} grant.
     *
     * @param secret   its secret (client_secret_basic or client_secret_post)
     * @param roles    the {@code roles} of its tokens
     * @param tokenTtl lifetime of its tokens
     */
    public record Client(
            @NotBlank String secret,
            @DefaultValue("service") @NotNull List<@NotBlank String> roles,
            @DefaultValue("PT10M") @NotNull Duration tokenTtl) {

        /** The secret stays out of logs and failure messages. */
        @Override
        public String toString() {
            return "Client[roles=" + roles + ", tokenTtl=" + tokenTtl + "]";
        }
    }
}
