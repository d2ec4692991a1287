package ru.moku.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import ru.moku.model.xml.Namespaces;

/**
 * Settings of the gateway ({@code moku.gateway.*}), validated at start-up. Defaults are the
 * operationally safe ones: pull is off until an SMEV endpoint is configured on purpose.
 *
 * @param intake       parsing and validation of SMEV messages (shared by pull and push)
 * @param push         {@code POST /smev/inbound}, SMEV messages pushed by an SMEV adapter
 * @param pull         the GetResponse/Ack loops against an SMEV endpoint
 * @param reprocessing the periodic job that re-publishes failed integration instances
 * @param operator     the operator API ({@code /api/v1/raw-messages})
 */
@Validated
@ConfigurationProperties("moku.gateway")
public record GatewayProperties(
        @Valid @NotNull @DefaultValue Intake intake,
        @Valid @NotNull @DefaultValue Push push,
        @Valid @NotNull @DefaultValue Pull pull,
        @Valid @NotNull @DefaultValue Reprocessing reprocessing,
        @Valid @NotNull @DefaultValue Operator operator) {

    /**
     * Parsing and validation of SMEV messages.
     *
     * @param parserThreads    threads that parse and schema-validate SMEV XML, off the event loops; 0 = one per core
     * @param parserQueue      parse jobs that may wait for a parser thread before new ones are refused
     * @param parserIdleTtl    how long a parser thread without work is kept before it is released
     * @param groupMaxSize     split messages stored together in one transaction at most (group commit); 1 = each alone
     * @param groupConcurrency intake group transactions at a time (each holds a database connection); 0 = one per core
     * @param groupWindow      how long a group waits for more messages before it is stored; 0 = not at all
     */
    public record Intake(
            @DefaultValue("0") @Min(0) @Max(64) int parserThreads,
            @DefaultValue("1000") @Min(1) @Max(100_000) int parserQueue,
            @DefaultValue("60s") @NotNull @DurationMin(seconds = 1) Duration parserIdleTtl,
            @DefaultValue("64") @Min(1) @Max(1000) int groupMaxSize,
            @DefaultValue("0") @Min(0) @Max(64) int groupConcurrency,
            @DefaultValue("0ms") @NotNull Duration groupWindow) {

        /** Parser threads: as configured, or one per core. */
        public int parserThreadCount() {
            return parserThreads > 0 ? parserThreads : Runtime.getRuntime().availableProcessors();
        }

        /** Concurrent group transactions: as configured, or one per core. */
        public int groupTransactions() {
            return groupConcurrency > 0 ? groupConcurrency : Runtime.getRuntime().availableProcessors();
        }

        @AssertTrue(message = "moku.gateway.intake.group-window must be between 0 and 1s")
        public boolean isGroupWindowSensible() {
            return groupWindow == null || !groupWindow.isNegative() && groupWindow.compareTo(Duration.ofSeconds(1)) <= 0;
        }
    }

    /**
     * Push intake.
     *
     * @param maxBodySize largest request body accepted; a larger one is answered 413 and not stored
     */
    public record Push(
            @DefaultValue("1MB") @NotNull DataSize maxBodySize) {

        @AssertTrue(message = "moku.gateway.push.max-body-size must be between 1KB and 100MB")
        public boolean isMaxBodySizeSensible() {
            return maxBodySize == null
                    || maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= DataSize.ofMegabytes(100).toBytes();
        }
    }

    /**
     * Pull intake: {@code concurrency} independent GetResponse → store → Ack loops.
     *
     * @param enabled              whether the loops run at all
     * @param endpoint             URL of SMEV's message exchange service (SOAP 1.1)
     * @param concurrency          loops polling from start to shutdown (the fewest, when SMEV's queue is empty)
     * @param maxConcurrency       loops at most while SMEV keeps answering with messages (a backlog)
     * @param idleBackoff          pause after an empty queue; doubles with each further empty answer
     * @param maxIdleBackoff       upper bound of the pause after empty answers
     * @param errorBackoff         pause after a SOAP Fault, an HTTP error, a timeout or a failed store
     * @param requestTimeout       how long one GetResponse or Ack call may take
     * @param connectTimeout       how long opening a connection to SMEV may take
     * @param maxResponseSize      largest GetResponse answer read into memory
     * @param namespaceUri         {@code MessageTypeSelector/NamespaceURI}: the service data asked for
     * @param rootElementLocalName {@code MessageTypeSelector/RootElementLocalName}: its root element
     * @param nodeId               {@code MessageTypeSelector/NodeID} of this information system, if SMEV assigned one
     */
    public record Pull(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("http://127.0.0.1:8090/smev") @NotNull URI endpoint,
            @DefaultValue("2") @Min(1) @Max(64) int concurrency,
            @DefaultValue("16") @Min(1) @Max(256) int maxConcurrency,
            @DefaultValue("1s") @NotNull @DurationMin(millis = 1) Duration idleBackoff,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration maxIdleBackoff,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration errorBackoff,
            @DefaultValue("10s") @NotNull @DurationMin(millis = 1) Duration requestTimeout,
            @DefaultValue("5s") @NotNull @DurationMin(millis = 1) Duration connectTimeout,
            @DefaultValue("2MB") @NotNull DataSize maxResponseSize,
            @DefaultValue(Namespaces.SERVICE_DATA_1_0) @NotBlank String namespaceUri,
            @DefaultValue(Namespaces.SERVICE_DATA_ROOT) @NotBlank @Pattern(regexp = "[A-Za-z_][A-Za-z0-9._-]*")
            String rootElementLocalName,
            @DefaultValue("") String nodeId) {

        @AssertTrue(message = "moku.gateway.pull.max-idle-backoff must not be shorter than idle-backoff")
        public boolean isIdleBackoffOrdered() {
            return idleBackoff == null || maxIdleBackoff == null || maxIdleBackoff.compareTo(idleBackoff) >= 0;
        }

        @AssertTrue(message = "moku.gateway.pull.max-concurrency must not be less than concurrency")
        public boolean isConcurrencyOrdered() {
            return maxConcurrency >= concurrency;
        }

        @AssertTrue(message = "moku.gateway.pull.endpoint must be an absolute http(s) URL")
        public boolean isEndpointHttp() {
            return endpoint == null || endpoint.isAbsolute()
                    && ("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()));
        }
    }

    /**
     * The periodic re-drive of failed integration instances (the same as the operator's reprocess).
     *
     * @param enabled     whether the job runs
     * @param interval    pause between two runs
     * @param failedAfter how long an instance must have been failed before the job re-publishes it
     * @param maxAttempts publications of one card after which only an operator may re-drive it
     * @param batchSize   raw messages re-driven per run at most
     */
    public record Reprocessing(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1m") @NotNull @DurationMin(millis = 10) Duration interval,
            @DefaultValue("15m") @NotNull Duration failedAfter,
            @DefaultValue("3") @Min(1) @Max(100) int maxAttempts,
            @DefaultValue("100") @Min(1) @Max(10_000) int batchSize) {
    }

    /**
     * The operator API's lists, paged by keyset ({@code ru.moku.runtime.web.Keyset}).
     *
     * @param defaultPageSize items in a page when {@code limit} is not given
     * @param maxPageSize     the largest {@code limit} accepted; a larger one is answered 400
     */
    public record Operator(
            @DefaultValue("100") @Min(1) @Max(10_000) int defaultPageSize,
            @DefaultValue("1000") @Min(1) @Max(10_000) int maxPageSize) {

        @AssertTrue(message = "moku.gateway.operator.default-page-size must not be larger than max-page-size")
        public boolean isDefaultWithinMax() {
            return defaultPageSize <= maxPageSize;
        }
    }
}
