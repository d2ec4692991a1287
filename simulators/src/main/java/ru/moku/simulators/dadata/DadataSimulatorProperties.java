package ru.moku.simulators.dadata;

import ru.moku.simulators.faults.LatencyFaults;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Dadata simulator ({@code simulators.dadata.*}).
 *
 * @param apiKey         the only API key accepted in {@code Authorization: Token <key>}; any other key, or none, gets 401
 * @param maxRequestSize a request body larger than this gets 413
 * @param quotaTimeZone  the daily quota starts afresh at midnight in this zone (Dadata counts days in Moscow time)
 * @param seed           seed of the random generator behind fault injection; absent = a different run each time
 * @param directory      how the directory of parties is generated
 * @param faults         faults injected into {@code findById/party}; changeable at run time through {@code /admin/dadata/faults}
 */
@Validated
@ConfigurationProperties("simulators.dadata")
public record DadataSimulatorProperties(
        @DefaultValue(DEFAULT_API_KEY) @NotBlank String apiKey,
        @DefaultValue("16KB") @NotNull DataSize maxRequestSize,
        @DefaultValue("Europe/Moscow") @NotNull ZoneId quotaTimeZone,
        Long seed,
        @DefaultValue @NotNull @Valid Directory directory,
        @DefaultValue @NotNull @Valid Faults faults) {

    /** The API key of the simulator unless configured otherwise (not a secret: the simulator guards nothing). */
    public static final String DEFAULT_API_KEY = "dadata-simulator-key";

    /**
     * The generated directory: every valid ИНН/ОГРН asked for gets a party made from the identifier and
     * {@code seed}, so the same identifier always gives the same answer. The shares are probabilities per
     * identifier; not-found, no-ОКТМО and address-only-ОКТМО exclude each other, large responses come on top.
     *
     * @param seed                  seed of the generated parties (with the same seed the same identifier gives the same party, run after run)
     * @param notFoundShare         share of identifiers Dadata does not know: HTTP 200 with {@code "suggestions": []}
     * @param noOktmoShare          share of parties without any ОКТМО (neither {@code data.oktmo} nor {@code data.address.data.oktmo})
     * @param addressOnlyOktmoShare share of parties whose ОКТМО is only in {@code data.address.data.oktmo}, not in {@code data.oktmo}
     * @param largeResponseShare    share of parties that are large organisations: many founders, managers and licences
     * @param largeResponseSize     about this size of the JSON answer for a large organisation
     * @param cacheSize             generated parties kept in memory, the first ones asked for (a large one takes milliseconds to make and about a megabyte of heap); 0 = none
     */
    public record Directory(
            @DefaultValue("20250301") long seed,
            @DefaultValue("0.1") @DecimalMin("0.0") @DecimalMax("1.0") double notFoundShare,
            @DefaultValue("0.05") @DecimalMin("0.0") @DecimalMax("1.0") double noOktmoShare,
            @DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double addressOnlyOktmoShare,
            @DefaultValue("0.01") @DecimalMin("0.0") @DecimalMax("1.0") double largeResponseShare,
            @DefaultValue("300KB") @NotNull DataSize largeResponseSize,
            @DefaultValue("2000") @Min(0) int cacheSize) {

        /** Default settings, as with no properties at all. */
        public static final Directory DEFAULTS = new Directory(20250301, 0.1, 0.05, 0.2, 0.01,
                DataSize.ofKilobytes(300), 2_000);

        /** Bean Validation property {@code outcomeSharesAtMostOne}: the three exclusive shares fit into one. */
        @AssertTrue(message = "notFoundShare + noOktmoShare + addressOnlyOktmoShare must not exceed 1")
        public boolean isOutcomeSharesAtMostOne() {
            return notFoundShare + noOktmoShare + addressOnlyOktmoShare <= 1.0 + 1e-9;
        }
    }

    /**
     * Faults injected into {@code findById/party}. Rates are probabilities per request (0 = never, 1 = always);
     * timeout and the 5xx rates exclude each other (one draw decides), so they must not add up to more than 1.
     *
     * @param latency         fixed delay before every answer
     * @param latencyJitter   up to this much extra delay, uniformly random, on top of {@code latency}
     * @param timeoutRate     share of requests not answered for {@code timeoutDuration} (the client gives up first), then 504
     * @param timeoutDuration how long a "timed out" request stays unanswered
     * @param http500Rate     share of requests answered with 500 (Dadata's JSON error)
     * @param http502Rate     share of requests answered with 502 (a proxy's HTML page)
     * @param http503Rate     share of requests answered with 503 (a proxy's HTML page)
     * @param rateLimit       requests per second (sliding one-second window) above which requests get 429; 0 = no limit
     * @param retryAfter      {@code Retry-After} of a 429, rounded up to whole seconds; 0 = no header
     * @param dailyQuota      requests per day after which every request gets 403 until midnight or {@code DELETE /admin/dadata/quota}; 0 = no quota
     */
    public record Faults(
            @DefaultValue("0s") Duration latency,
            @DefaultValue("0s") Duration latencyJitter,
            @DecimalMin("0.0") @DecimalMax("1.0") double timeoutRate,
            @DefaultValue("30s") Duration timeoutDuration,
            @DecimalMin("0.0") @DecimalMax("1.0") double http500Rate,
            @DecimalMin("0.0") @DecimalMax("1.0") double http502Rate,
            @DecimalMin("0.0") @DecimalMax("1.0") double http503Rate,
            @Min(0) int rateLimit,
            @DefaultValue("0s") Duration retryAfter,
            @Min(0) long dailyQuota) implements LatencyFaults {

        static final Duration DEFAULT_TIMEOUT_DURATION = Duration.ofSeconds(30);

        /** No fault at all. */
        public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, 0, DEFAULT_TIMEOUT_DURATION,
                0, 0, 0, 0, Duration.ZERO, 0);

        public Faults {
            // Absent in a JSON body of PUT /admin/dadata/faults means "no delay" (and the default timeout).
            latency = latency == null ? Duration.ZERO : latency;
            latencyJitter = latencyJitter == null ? Duration.ZERO : latencyJitter;
            timeoutDuration = timeoutDuration == null ? DEFAULT_TIMEOUT_DURATION : timeoutDuration;
            retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
            if (latency.isNegative() || latencyJitter.isNegative() || timeoutDuration.isNegative()
                    || retryAfter.isNegative()) {
                throw new IllegalArgumentException(
                        "latency, latencyJitter, timeoutDuration and retryAfter must not be negative");
            }
        }

        /** Bean Validation property {@code failureRatesAtMostOne}: one draw decides among timeout, 500, 502, 503. */
        @AssertTrue(message = "timeoutRate + http500Rate + http502Rate + http503Rate must not exceed 1")
        public boolean isFailureRatesAtMostOne() {
            return timeoutRate + http500Rate + http502Rate + http503Rate <= 1.0 + 1e-9;
        }
    }
}
