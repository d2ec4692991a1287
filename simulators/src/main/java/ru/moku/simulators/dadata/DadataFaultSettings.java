package ru.moku.simulators.dadata;

import java.time.Duration;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;
import ru.moku.simulators.faults.FaultDurations;

/**
 * Faults as JSON for {@code /admin/dadata/faults}. Durations are written like in properties ({@code "200ms"},
 * {@code "1s"}) or ISO-8601 ({@code "PT0.2S"}); an absent field means "no such fault" ({@code timeoutDuration}:
 * the default 30 s).
 *
 * @param latency         fixed delay before every answer
 * @param latencyJitter   up to this much extra random delay
 * @param timeoutRate     share of requests left unanswered for {@code timeoutDuration} (0..1)
 * @param timeoutDuration how long such a request stays unanswered
 * @param http500Rate     share of requests answered with 500 (0..1)
 * @param http502Rate     share of requests answered with 502 (0..1)
 * @param http503Rate     share of requests answered with 503 (0..1)
 * @param rateLimit       requests per second above which requests get 429; 0 = none
 * @param retryAfter      {@code Retry-After} of a 429; absent or 0 = no header
 * @param dailyQuota      requests per day after which requests get 403; 0 = none
 */
public record DadataFaultSettings(String latency, String latencyJitter, Double timeoutRate, String timeoutDuration,
                            Double http500Rate, Double http502Rate, Double http503Rate, Integer rateLimit,
                            String retryAfter, Long dailyQuota) {

    static DadataFaultSettings of(Faults faults) {
        return new DadataFaultSettings(faults.latency().toString(), faults.latencyJitter().toString(),
                faults.timeoutRate(), faults.timeoutDuration().toString(), faults.http500Rate(),
                faults.http502Rate(), faults.http503Rate(), faults.rateLimit(), faults.retryAfter().toString(),
                faults.dailyQuota());
    }

    /** @throws IllegalArgumentException if a duration cannot be read or is negative */
    Faults toFaults() {
        return new Faults(FaultDurations.parse("latency", latency, Duration.ZERO),
                FaultDurations.parse("latencyJitter", latencyJitter, Duration.ZERO), rate(timeoutRate),
                FaultDurations.parse("timeoutDuration", timeoutDuration, Faults.DEFAULT_TIMEOUT_DURATION), rate(http500Rate),
                rate(http502Rate), rate(http503Rate), rateLimit == null ? 0 : rateLimit,
                FaultDurations.parse("retryAfter", retryAfter, Duration.ZERO), dailyQuota == null ? 0 : dailyQuota);
    }

    private static double rate(Double value) {
        return value == null ? 0 : value;
    }
}
