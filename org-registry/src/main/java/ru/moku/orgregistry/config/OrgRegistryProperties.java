package ru.moku.orgregistry.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import ru.moku.runtime.partner.PartnerCalls;

/**
 * Settings of org-registry ({@code moku.org-registry.*}).
 *
 * @param lko where and how ЛКО (survey-service) is called
 */
@Validated
@ConfigurationProperties("moku.org-registry")
public record OrgRegistryProperties(@Valid @NotNull @DefaultValue Lko lko) {

    /**
     * The ЛКО call of the hand-off (seed 000 step 11) and its protection (resilience4j).
     *
     * @param baseUrl            survey-service's base URL
     * @param timeout            one attempt's timeout (a slower answer counts as unavailable)
     * @param connectTimeout     TCP connect timeout
     * @param maxConnections     connections in the keep-alive pool
     * @param attempts           attempts in all while ЛКО is unavailable (5xx, timeout, connection refused, open circuit)
     * @param firstBackoff       delay before the second attempt after a failure; doubles each time
     * @param maxBackoff         longest delay between attempts after failures
     * @param jitter             random share (0..1) added to or taken from each failure delay
     * @param rejectionAttempts  attempts in all while ЛКО answers 422 (the seed: "retry 3 times")
     * @param rejectionBackoff   delay between attempts after a 422
     * @param circuitBreaker     when to stop calling a failing ЛКО for a while
     * @param outageWait         how long a hand-off waits for ЛКО's open circuit before it fails as unavailable
     *                           (an LKO_UNAVAILABLE incident): the hand-off stays in flight, the rest in the queue
     */
    public record Lko(@NotNull @DefaultValue("http://127.0.0.1:8084") URI baseUrl,
                      @NotNull @DefaultValue("5s") Duration timeout,
                      @NotNull @DefaultValue("2s") Duration connectTimeout,
                      @Min(1) @DefaultValue("32") int maxConnections,
                      @Min(1) @DefaultValue("4") int attempts,
                      @NotNull @DefaultValue("500ms") Duration firstBackoff,
                      @NotNull @DefaultValue("10s") Duration maxBackoff,
                      @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.5") double jitter,
                      @Min(1) @DefaultValue("3") int rejectionAttempts,
                      @NotNull @DefaultValue("1s") Duration rejectionBackoff,
                      @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker,
                      @NotNull @DefaultValue("2m") Duration outageWait) implements PartnerCalls.Settings {

        @Override
        public float failureRateThreshold() {
            return circuitBreaker.failureRateThreshold();
        }

        @Override
        public int minimumCalls() {
            return circuitBreaker.minimumCalls();
        }

        @Override
        public Duration openFor() {
            return circuitBreaker.openFor();
        }
    }

    /**
     * The circuit breaker in front of ЛКО; only unavailability counts as failure, a 422 is a healthy answer.
     *
     * @param failureRateThreshold failure rate (%) of calls that opens the circuit
     * @param minimumCalls         calls in the window before the failure rate counts
     * @param openFor              how long an open circuit refuses calls
     */
    public record CircuitBreaker(@DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
                                 @Min(1) @DefaultValue("10") int minimumCalls,
                                 @NotNull @DefaultValue("30s") Duration openFor) {
    }
}
