package ru.moku.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import ru.moku.gateway.inboundauth.InboundAuthMode;

/**
 * Who may push SMEV messages to {@code POST /smev/inbound} ({@code moku.gateway.push.auth.*}): only our SMEV adapter.
 * The mode has no default — a deployment says which one it uses, and {@code NONE} only on purpose (warned at start-up).
 *
 * @param mode      NONE, MTLS or HMAC; required
 * @param hmac      the shared secrets and the replay window of mode HMAC
 * @param mtls      the adapter certificates of mode MTLS
 * @param rateLimit pushes per authenticated client in a window, counted in Redis across replicas
 */
@Validated
@ConfigurationProperties("moku.gateway.push.auth")
public record InboundAuthProperties(
        @NotNull(message = "moku.gateway.push.auth.mode is required: MTLS, HMAC, or NONE on purpose")
        InboundAuthMode mode,
        @Valid @NotNull @DefaultValue Hmac hmac,
        @Valid @NotNull @DefaultValue Mtls mtls,
        @Valid @NotNull @DefaultValue RateLimit rateLimit) {

    /** Shortest shared secret accepted: 256 bits' worth of characters, the HMAC-SHA256 key size. */
    static final int MIN_SECRET_LENGTH = 32;

    /**
     * Mode HMAC (scheme: {@code ru.moku.gateway.inboundauth.HmacRequestSignature}).
     *
     * @param keys   the shared secret of each key id (from the deployment's secret, at least 32 characters each)
     * @param window how far a request's {@code X-Moku-Timestamp} may be from the gateway's clock; older or newer: 401
     */
    public record Hmac(
            @DefaultValue Map<String, String> keys,
            @DefaultValue("5m") @NotNull @DurationMin(seconds = 1) @DurationMax(hours = 1) Duration window) {
    }

    /**
     * Mode MTLS (TLS itself with a client certificate: Spring Boot's {@code server.ssl.*}, client-auth want or need).
     *
     * @param trustedCertificates PEM file with the SMEV adapter's client certificate(s); only these may push
     */
    public record Mtls(Path trustedCertificates) {
    }

    /**
     * Per-client limit, the survey API's Redis token bucket (fail open when Redis cannot be asked).
     *
     * @param enabled      whether pushes are counted at all
     * @param requests     pushes one client may make in a row, and per window over a longer time
     * @param window       the period {@code requests} refill over; over the limit: 429 with {@code Retry-After}
     * @param redisTimeout how long one Redis round trip may take before the push is let through uncounted
     * @param keyPrefix    prefix of the clients' keys in Redis
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("6000") @Min(1) @Max(10_000_000) int requests,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) Duration window,
            @DefaultValue("250ms") @NotNull @DurationMin(millis = 1) Duration redisTimeout,
            @DefaultValue("moku:gateway:push:rate:") @NotBlank String keyPrefix) {
    }

    @AssertTrue(message = "moku.gateway.push.auth.mode=HMAC needs moku.gateway.push.auth.hmac.keys (key id → secret of"
            + " at least 32 characters)")
    public boolean isHmacConfigured() {
        return mode != InboundAuthMode.HMAC || hmac == null || !hmac.keys().isEmpty()
                && hmac.keys().values().stream().allMatch(secret -> secret != null
                && secret.length() >= MIN_SECRET_LENGTH);
    }

    @AssertTrue(message = "moku.gateway.push.auth.mode=MTLS needs moku.gateway.push.auth.mtls.trusted-certificates"
            + " (PEM file of the SMEV adapter's client certificates)")
    public boolean isMtlsConfigured() {
        return mode != InboundAuthMode.MTLS || mtls == null || mtls.trustedCertificates() != null;
    }
}
