package ru.moku.cardprocessor.handoff;

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
 * How card-processor hands an enriched card's organisation to ПОС.ОС ({@code moku.card-processor.handoff.*}; seed 000
 * steps 8–10). The variant is switched here, without a code change.
 *
 * @param variant     {@code RABBITMQ}: publish the organisation for org-registry to consume (variant 1);
 *                    {@code REST}: {@code PUT} it on org-registry (variant 2)
 * @param orgRegistry where and how org-registry is called in the REST variant
 */
@Validated
@ConfigurationProperties("moku.card-processor.handoff")
public record HandoffProperties(@NotNull @DefaultValue("RABBITMQ") Variant variant,
                                @Valid @NotNull @DefaultValue OrgRegistry orgRegistry) {

    /** The two ways to ПОС.ОС. */
    public enum Variant {
        RABBITMQ, REST
    }

    /**
     * org-registry's REST API.
     *
     * @param baseUrl              org-registry's base URL
     * @param timeout              one attempt's timeout (a slower answer counts as unavailable)
     * @param connectTimeout       TCP connect timeout
     * @param maxConnections       connections in the keep-alive pool
     * @param attempts             attempts in all while org-registry is unavailable (5xx, timeout, refused, open circuit)
     * @param firstBackoff         delay before the second attempt after a failure; doubles each time
     * @param maxBackoff           longest delay between attempts after failures
     * @param jitter               random share (0..1) added to or taken from each failure delay
     * @param rejectionAttempts    attempts in all while org-registry answers 422 (the seed: "retry up to 3 times")
     * @param rejectionBackoff     delay between attempts after a 422
     * @param failureRateThreshold failure rate (%) of calls that opens the circuit
     * @param minimumCalls         calls in the window before the failure rate counts
     * @param openFor              how long an open circuit refuses calls
     */
    public record OrgRegistry(@NotNull @DefaultValue("http://127.0.0.1:8083") URI baseUrl,
                              @NotNull @DefaultValue("5s") Duration timeout,
                              @NotNull @DefaultValue("2s") Duration connectTimeout,
                              @Min(1) @DefaultValue("16") int maxConnections,
                              @Min(1) @DefaultValue("4") int attempts,
                              @NotNull @DefaultValue("500ms") Duration firstBackoff,
                              @NotNull @DefaultValue("10s") Duration maxBackoff,
                              @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.5") double jitter,
                              @Min(1) @DefaultValue("3") int rejectionAttempts,
                              @NotNull @DefaultValue("1s") Duration rejectionBackoff,
                              @DecimalMin("1") @DecimalMax("100") @DefaultValue("50") float failureRateThreshold,
                              @Min(1) @DefaultValue("10") int minimumCalls,
                              @NotNull @DefaultValue("30s") Duration openFor) implements PartnerCalls.Settings {
    }
}
