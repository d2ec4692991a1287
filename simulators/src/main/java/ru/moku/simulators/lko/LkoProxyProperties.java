package ru.moku.simulators.lko;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.simulators.faults.LatencyFaults;

/**
 * Settings of the ЛКО fault proxy ({@code simulators.lko.*}).
 *
 * @param targetUrl       survey-service (ЛКО) the proxy forwards to
 * @param connectTimeout  TCP connect timeout towards ЛКО
 * @param responseTimeout longest wait for ЛКО's answer; a slower one is answered 502
 * @param maxBodySize     largest request or answer body the proxy relays; a larger request gets 413
 * @param seed            seed of the random generator behind the latency jitter; absent = a different run each time
 * @param faults          faults injected into ЛКО's API; changeable at run time through {@code /admin/lko/*}
 */
@Validated
@ConfigurationProperties("simulators.lko")
public record LkoProxyProperties(
        @DefaultValue("http://127.0.0.1:8084") @NotNull URI targetUrl,
        @DefaultValue("2s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration responseTimeout,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        Long seed,
        @DefaultValue @NotNull @Valid Faults faults) {

    /**
     * Faults injected into ЛКО's API. {@code POST /api/v1/organisations} for an organisation with one of
     * {@code refusedInns} or {@code refusedMokuOrganisationIds} is answered 422 by the proxy and never reaches ЛКО.
     *
     * @param latency                    fixed delay before every request is answered or forwarded
     * @param latencyJitter              up to this much extra delay, uniformly random, on top of {@code latency}
     * @param refusedInns                organisations (by ИНН) answered 422
     * @param refusedMokuOrganisationIds organisations (by МОКУ id) answered 422
     */
    public record Faults(@DefaultValue("0s") Duration latency,
                         @DefaultValue("0s") Duration latencyJitter,
                         Set<String> refusedInns,
                         Set<UUID> refusedMokuOrganisationIds) implements LatencyFaults {

        /** No fault at all: every request reaches ЛКО at once. */
        public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, Set.of(), Set.of());

        public Faults {
            // Absent (in properties or in a JSON body) means "no such fault".
            latency = latency == null ? Duration.ZERO : latency;
            latencyJitter = latencyJitter == null ? Duration.ZERO : latencyJitter;
            refusedInns = refusedInns == null ? Set.of() : Set.copyOf(refusedInns);
            refusedMokuOrganisationIds = refusedMokuOrganisationIds == null ? Set.of()
                    : Set.copyOf(refusedMokuOrganisationIds);
            if (latency.isNegative() || latencyJitter.isNegative()) {
                throw new IllegalArgumentException("latency and latencyJitter must not be negative");
            }
        }

        /** Whether a rule refuses {@code request}: its ИНН or its МОКУ id is listed. */
        public boolean refuses(LkoOrganisationRequest request) {
            return refusedInns.contains(request.inn())
                    || request.mokuOrganisationId() != null
                    && refusedMokuOrganisationIds.contains(request.mokuOrganisationId());
        }

        /** These faults with {@code rejections} instead of the current rules. */
        public Faults withRejections(Rejections rejections) {
            return new Faults(latency, latencyJitter, rejections.inns(), rejections.mokuOrganisationIds());
        }

        /** The rules of refusal alone. */
        public Rejections rejections() {
            return new Rejections(refusedInns, refusedMokuOrganisationIds);
        }
    }
}
