package ru.moku.simulators.smev;

import ru.moku.simulators.faults.FaultDurations;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * Faults as JSON for {@code /admin/smev/faults}. Durations are written like in properties ({@code "200ms"},
 * {@code "1s"}) or ISO-8601 ({@code "PT0.2S"}); an absent field means "no such fault".
 *
 * @param latency               fixed delay before every answer
 * @param latencyJitter         up to this much extra random delay
 * @param soapFaultRate         share of requests answered with a SOAP Fault (0..1)
 * @param http5xxRate           share of requests answered with a plain 503 (0..1)
 * @param duplicateDeliveryRate share of first deliveries followed by a duplicate (0..1)
 * @param dropAckRate           share of acknowledgements ignored (0..1)
 */
public record SmevFaultSettings(String latency, String latencyJitter, Double soapFaultRate, Double http5xxRate,
                            Double duplicateDeliveryRate, Double dropAckRate) {

    static SmevFaultSettings of(Faults faults) {
        return new SmevFaultSettings(faults.latency().toString(), faults.latencyJitter().toString(),
                faults.soapFaultRate(), faults.http5xxRate(), faults.duplicateDeliveryRate(), faults.dropAckRate());
    }

    /** @throws IllegalArgumentException if a duration cannot be read */
    Faults toFaults() {
        return new Faults(FaultDurations.parse("latency", latency), FaultDurations.parse("latencyJitter", latencyJitter),
                rate(soapFaultRate), rate(http5xxRate), rate(duplicateDeliveryRate), rate(dropAckRate));
    }

    private static double rate(Double value) {
        return value == null ? 0 : value;
    }
}
