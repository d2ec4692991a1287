package ru.moku.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import ru.moku.runtime.partner.PartnerCalls;

/**
 * Sending survey links to ЛК ЕПГУ through SMEV ({@code moku.gateway.survey-link.*}, seed 000 steps 12–15): where
 * SMEV is and how hard to try. SMEV answers a transient failure (5xx, a {@code soap:Server} Fault, a timeout) by
 * retrying with exponential backoff; a {@code soap:Client} Fault is not retried.
 *
 * @param endpoint             URL of SMEV's message exchange service (SOAP 1.1); the pull loop's default
 * @param connectTimeout       how long opening a connection to SMEV may take
 * @param timeout              how long one SendRequest may take
 * @param attempts             SendRequests in all for one link while SMEV fails transiently; then an incident
 * @param firstBackoff         pause before the second attempt; doubles with each further one
 * @param maxBackoff           longest pause between two attempts
 * @param jitter               random share (0..1) added to or taken from each pause
 * @param failureRateThreshold share (%) of failed calls that opens the circuit to SMEV
 * @param minimumCalls         calls before the failure rate counts
 * @param openFor              how long an open circuit refuses calls to SMEV
 * @param maxResponseSize      largest SMEV answer read into memory
 * @param nodeId               {@code SenderProvidedRequestData/NodeID} of this information system, if SMEV assigned one
 * @param testMessage          mark every request {@code TestMessage} (SMEV's test environment)
 */
@Validated
@ConfigurationProperties("moku.gateway.survey-link")
public record SurveyLinkProperties(
        @DefaultValue("http://127.0.0.1:8090/smev") @NotNull URI endpoint,
        @DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration timeout,
        @DefaultValue("5") @Min(1) @Max(100) int attempts,
        @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration firstBackoff,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration maxBackoff,
        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
        @DefaultValue("50") @DecimalMin("1.0") @DecimalMax("100.0") float failureRateThreshold,
        @DefaultValue("20") @Min(1) @Max(10_000) int minimumCalls,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 1) Duration openFor,
        @DefaultValue("1MB") @NotNull DataSize maxResponseSize,
        @DefaultValue("") String nodeId,
        @DefaultValue("false") boolean testMessage) implements PartnerCalls.Settings {

    /** SMEV never answers 422: a refusal is a {@code soap:Client} Fault and final. */
    @Override
    public int rejectionAttempts() {
        return 1;
    }

    @Override
    public Duration rejectionBackoff() {
        return Duration.ZERO;
    }

    @AssertTrue(message = "moku.gateway.survey-link.endpoint must be an absolute http(s) URL")
    public boolean isEndpointHttp() {
        return endpoint == null || endpoint.isAbsolute()
                && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()));
    }

    @AssertTrue(message = "moku.gateway.survey-link.max-backoff must not be shorter than first-backoff")
    public boolean isBackoffOrdered() {
        return firstBackoff == null || maxBackoff == null || maxBackoff.compareTo(firstBackoff) >= 0;
    }
}
