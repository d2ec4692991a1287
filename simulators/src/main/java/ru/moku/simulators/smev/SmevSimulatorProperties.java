package ru.moku.simulators.smev;

import ru.moku.simulators.faults.LatencyFaults;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
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
 * @param mtom                 whether and how {@code GetResponse} is answered as MTOM ({@code multipart/related})
 * @param attachments          what the generated attachments and file-storage files look like
 * @param asyncStatus          the {@code AsyncProcessingStatus} SMEV queues after each accepted {@code SendRequest}
 * @param fileStorage          SMEV's file storage: the embedded FTP server that serves {@code FSAttachmentsList} files
 * @param signing              signing of delivered responses (SMEV's and the sender's keys) and of attachments (PKCS#7)
 * @param verification         checking the callers' {@code CallerInformationSystemSignature}
 * @param cryptoWorkers        threads of the bounded pool that signs, verifies and writes files (off the event loop)
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
        @DefaultValue @NotNull @Valid Admin admin,
        @DefaultValue @NotNull @Valid Mtom mtom,
        @DefaultValue @NotNull @Valid Attachments attachments,
        @DefaultValue @NotNull @Valid AsyncStatus asyncStatus,
        @DefaultValue @NotNull @Valid FileStorage fileStorage,
        @DefaultValue @NotNull @Valid Signing signing,
        @DefaultValue @NotNull @Valid Verification verification,
        @DefaultValue("2") @Min(1) int cryptoWorkers) {

    /**
     * MTOM answers, as real SMEV sends them.
     *
     * @param enabled    answer {@code GetResponse} as {@code multipart/related; type="application/xop+xml"} (attachments
     *                   of transfer MTOM as parts); off = plain {@code text/xml} with every attachment inline
     * @param splitStart write the {@code start} parameter in RFC 2231 continuations ({@code start*0=…; start*1=…})
     */
    public record Mtom(@DefaultValue("false") boolean enabled, @DefaultValue("false") boolean splitStart) {
    }

    /**
     * Generated attachments ({@code POST /admin/smev/messages/generate?attachmentShare=…&fsAttachmentShare=…}).
     *
     * @param size          size of a generated attachment carried in the message
     * @param fsFileSize    size of a generated file on the file storage
     * @param mimeType      their {@code MimeType}
     * @param inlineShare   share of carried attachments sent as inline base64 even in an MTOM answer (the rest go as
     *                      MIME parts)
     */
    public record Attachments(@DefaultValue("16KB") @NotNull DataSize size,
                              @DefaultValue("256KB") @NotNull DataSize fsFileSize,
                              @DefaultValue("application/pdf") @NotBlank String mimeType,
                              @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double inlineShare) {
    }

    /**
     * {@code AsyncProcessingStatus} answers to the caller's own {@code SendRequest}s.
     *
     * @param enabled       queue one after each accepted {@code SendRequest} (OriginalMessageId = its MessageID)
     * @param rejectedShare share of them that say {@code requestIsRejectedBySmev}; the rest say {@code messageIsDelivered}
     */
    public record AsyncStatus(@DefaultValue("false") boolean enabled,
                              @DefaultValue("0") @DecimalMin("0.0") @DecimalMax("1.0") double rejectedShare) {
    }

    /**
     * SMEV's file storage (FTP; files at {@code /<uuid>/<file name>}, one user and password per file).
     *
     * @param enabled      start the FTP server (needed for generated FS attachments)
     * @param host         address it listens on and gives out for passive data connections
     * @param port         control port (0 = any free port, see {@code GET /admin/smev/file-storage})
     * @param passivePorts passive data ports, FtpServer syntax ({@code 30000-30100}); empty = any free port
     * @param directory    where the files are written; absent = a temporary directory removed at shutdown
     */
    public record FileStorage(@DefaultValue("false") boolean enabled,
                              @DefaultValue("127.0.0.1") @NotBlank String host,
                              @DefaultValue("2121") @Min(0) @Max(65535) int port,
                              @DefaultValue("") @NotNull String passivePorts,
                              Path directory) {
    }

    /**
     * Signing of what the simulator sends. Keys are PKCS#12 files (never from the class path).
     *
     * @param enabled             sign delivered responses: SenderInformationSystemSignature over
     *                            SenderProvidedResponseData (sender key), SMEVSignature over Response (SMEV key);
     *                            and attachments with PKCS#7 detached signatures (sender key)
     * @param smevKeyStore        PKCS#12 file with SMEV's key
     * @param smevKeyStorePassword its password
     * @param smevKeyAlias        alias of SMEV's key in it
     * @param senderKeyStore      PKCS#12 file with the sending information system's key
     * @param senderKeyStorePassword its password
     * @param senderKeyAlias      alias of the sender's key in it
     */
    public record Signing(@DefaultValue("false") boolean enabled,
                          Path smevKeyStore,
                          @DefaultValue("changeit") String smevKeyStorePassword,
                          @DefaultValue("smev") String smevKeyAlias,
                          Path senderKeyStore,
                          @DefaultValue("changeit") String senderKeyStorePassword,
                          @DefaultValue("sender") String senderKeyAlias) {
    }

    /**
     * Checking the caller's signatures, as SMEV refuses unsigned requests.
     *
     * @param verifyCallers      require a valid CallerInformationSystemSignature on GetResponse (over
     *                           MessageTypeSelector), Ack (over AckTargetMessage) and SendRequest (over
     *                           SenderProvidedRequestData); a missing or invalid one gets SMEV's
     *                           SignatureVerificationFault
     * @param trustStore         PKCS#12 or PEM file with the callers' certificates (the gateway's)
     * @param trustStorePassword its password
     */
    public record Verification(@DefaultValue("false") boolean verifyCallers,
                               Path trustStore,
                               @DefaultValue("changeit") String trustStorePassword) {
    }

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
