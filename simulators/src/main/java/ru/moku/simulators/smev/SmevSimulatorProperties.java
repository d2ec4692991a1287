package ru.moku.simulators.smev;

import ru.moku.simulators.faults.LatencyFaults;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the SMEV 3 simulator ({@code simulators.smev.*}).
 *
 * @param redeliveryTimeout    how long a delivered but unacknowledged message stays invisible before it is delivered again
 * @param clockSkewTolerance   how far {@code MessageTypeSelector/Timestamp} may be from the simulator's clock (SMEV allows 30 minutes)
 * @param validateRequests     whether incoming SMEV elements are validated against the SMEV 1.3 schemas (an invalid one gets a SOAP Fault)
 * @param seed                 seed of the random generator behind fault injection and generated data; absent = a different run each time
 * @param responseTo           text of {@code SenderProvidedResponseData/To} in delivered responses
 * @param senderMnemonic       {@code MessageMetadata/Sender/Mnemonic} of delivered responses (the simulated government system)
 * @param senderName           {@code MessageMetadata/Sender/HumanReadableName} of delivered responses
 * @param faults               faults injected into {@code POST /smev}; changeable at run time through {@code /admin/smev/faults}
 * @param admin                limits of the {@code /admin/smev} API
 */
@Validated
@ConfigurationProperties("simulators.smev")
public record SmevSimulatorProperties(
        @DefaultValue("30s") @NotNull Duration redeliveryTimeout,
        @DefaultValue("30m") @NotNull Duration clockSkewTolerance,
        @DefaultValue("true") boolean validateRequests,
        Long seed,
        @DefaultValue(SmevSoap.DEFAULT_RESPONSE_TO) @NotBlank String responseTo,
        @DefaultValue(SmevSoap.DEFAULT_SENDER_MNEMONIC) @NotBlank String senderMnemonic,
        @DefaultValue(SmevSoap.DEFAULT_SENDER_NAME) @NotBlank String senderName,
        @DefaultValue @NotNull @Valid Faults faults,
        @DefaultValue @NotNull @Valid Admin admin) {

    /**
     * Limits of the {@code /admin/smev} API.
     *
     * @param maxPerCall       most messages one call generates, lists ({@code sent-requests?limit=}) or fails on purpose ({@code faults/next?count=})
     * @param defaultListLimit how many {@code sent-requests} are listed when the call gives no {@code limit}
     */
    public record Admin(@DefaultValue("10000") @Min(1) int maxPerCall,
                        @DefaultValue("100") @Min(1) int defaultListLimit) {
    }

    /**
     * Faults injected into the SMEV endpoint. Each rate is a probability per request (0 = never, 1 = always).
     *
     * @param latency               fixed delay added before every answer
     * @param latencyJitter         up to this much extra delay, uniformly random, on top of {@code latency}
     * @param soapFaultRate         share of requests answered with a SOAP Fault ({@code SMEVFailure}, HTTP 500) without being processed
     * @param http5xxRate           share of requests answered with a plain HTTP 503 without being processed
     * @param duplicateDeliveryRate share of first deliveries after which a second copy of the same MessageId is queued (acked separately)
     * @param dropAckRate           share of acknowledgements answered with AckResponse but ignored, so the message is redelivered
     */
    public record Faults(
            @DefaultValue("0s") Duration latency,
            @DefaultValue("0s") Duration latencyJitter,
            @DecimalMin("0.0") @DecimalMax("1.0") double soapFaultRate,
            @DecimalMin("0.0") @DecimalMax("1.0") double http5xxRate,
            @DecimalMin("0.0") @DecimalMax("1.0") double duplicateDeliveryRate,
            @DecimalMin("0.0") @DecimalMax("1.0") double dropAckRate) implements LatencyFaults {

        /** No fault at all. */
        public static final Faults NONE = new Faults(Duration.ZERO, Duration.ZERO, 0, 0, 0, 0);

        public Faults {
            // Absent in a JSON body of PUT /admin/smev/faults means "no delay".
            latency = latency == null ? Duration.ZERO : latency;
            latencyJitter = latencyJitter == null ? Duration.ZERO : latencyJitter;
            if (latency.isNegative() || latencyJitter.isNegative()) {
                throw new IllegalArgumentException("latency and latencyJitter must not be negative");
            }
        }
    }
}
