package ru.moku.simulators.lko;

import java.util.Set;
import java.util.UUID;
import ru.moku.simulators.faults.FaultDurations;
import ru.moku.simulators.lko.LkoProxyProperties.Faults;

/**
 * Faults as JSON for {@code /admin/lko/faults}. Durations are written like in properties ({@code "200ms"},
 * {@code "1s"}) or ISO-8601 ({@code "PT0.2S"}); an absent field means "no such fault".
 *
 * @param latency                    fixed delay before every request is answered or forwarded
 * @param latencyJitter              up to this much extra random delay
 * @param refusedInns                organisations (by ИНН) answered 422
 * @param refusedMokuOrganisationIds organisations (by МОКУ id) answered 422
 */
public record LkoFaultSettings(String latency, String latencyJitter, Set<String> refusedInns,
                               Set<UUID> refusedMokuOrganisationIds) {

    static LkoFaultSettings of(Faults faults) {
        Rejections rules = faults.rejections();
        return new LkoFaultSettings(faults.latency().toString(), faults.latencyJitter().toString(), rules.inns(),
                rules.mokuOrganisationIds());
    }

    /** @throws IllegalArgumentException if a duration cannot be read or is negative */
    Faults toFaults() {
        return new Faults(FaultDurations.parse("latency", latency), FaultDurations.parse("latencyJitter", latencyJitter), refusedInns,
                refusedMokuOrganisationIds);
    }
}
