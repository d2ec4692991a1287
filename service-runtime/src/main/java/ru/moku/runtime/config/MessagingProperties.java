package ru.moku.runtime.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Messaging settings shared by every service ({@code moku.messaging.*}). Defaults are sized for a
 * 2-core pod; raise concurrency with the cores, not beyond what the database pool can serve.
 *
 * @param serviceName the service's name, used as the {@code source} of every message it produces
 * @param namePrefix  prefix put before every exchange, queue and topic name (isolates environments and tests)
 * @param rabbitmq    connection to RabbitMQ
 * @param consumer    how work queues are consumed
 * @param outbox      how the outbox relay publishes
 * @param kafka       connection to Kafka (canonical event log)
 * @param brokerIo    the thread pool for calls that block on a broker socket
 * @param incidents   the operator API over incidents
 */
@Validated
@ConfigurationProperties("moku.messaging")
public record MessagingProperties(
        @NotBlank String serviceName,
        @DefaultValue("") @Pattern(regexp = "[A-Za-z0-9._-]*") String namePrefix,
        @Valid @NotNull @DefaultValue Rabbitmq rabbitmq,
        @Valid @NotNull @DefaultValue Consumer consumer,
        @Valid @NotNull @DefaultValue Outbox outbox,
        @Valid @NotNull @DefaultValue Kafka kafka,
        @Valid @NotNull @DefaultValue BrokerIo brokerIo,
        @Valid @NotNull @DefaultValue Incidents incidents) {

    /**
     * RabbitMQ connection.
     *
     * @param host        broker host
     * @param port        broker AMQP port
     * @param username    user name
     * @param password    password
     * @param virtualHost virtual host
     * @param maxInFlight publisher-confirm window: unconfirmed messages allowed at once per publishing stream
     * @param queueType   type of the work and dead-letter queues: {@code quorum} (replicated, the safe default) or {@code classic}
     * @param closeTimeout how long closing a connection may wait for the broker on shutdown
     */
    public record Rabbitmq(
            @DefaultValue("127.0.0.1") @NotBlank String host,
            @DefaultValue("5672") @Min(1) @Max(65535) int port,
            @DefaultValue("guest") @NotBlank String username,
            @DefaultValue("guest") String password,
            @DefaultValue("/") @NotBlank String virtualHost,
            @DefaultValue("256") @Min(1) @Max(10000) int maxInFlight,
            @DefaultValue("quorum") @Pattern(regexp = "quorum|classic") String queueType,
            @DefaultValue("5s") @NotNull Duration closeTimeout) {
    }

    /**
     * Consumption of work queues. A consumer takes deliveries in micro-batches: up to {@code batchSize} of them, or
     * what arrived within {@code batchWindow}, are recorded in one database transaction (one inbox statement, then
     * each first delivery's handler) and acked with as few frames as possible; a batch whose transaction fails is
     * handled again message by message. Deliveries in flight never exceed {@code prefetch} (the broker's limit);
     * {@code concurrency} batches are handled at once, each holding one database connection, and each batch prepares
     * (partner calls of a {@code PreparedMessageHandler}) at most {@code prepareConcurrency} messages at once. For a
     * 2-core pod: prefetch 100, batches of 50, 4 at once — two full batches fill the prefetch, so one is recorded while the
     * next one fills, and at most 4 connections (plus the per-message fallback) per consumer.
     *
     * @param prefetch     unacknowledged deliveries the broker may push to one consumer (basic.qos): the most deliveries
     *                     in flight, whatever the batches
     * @param concurrency  batches handled at once per consumer (each in its own transaction); also the most messages of
     *                     a failed batch handled again at once, one transaction each
     * @param maxAttempts  attempts for a transient failure before the message is dead-lettered with an incident
     * @param firstBackoff delay before the first retry; doubles each time, with jitter
     * @param maxBackoff   upper bound of the retry delay
     * @param jitter       share of each delay that is random (0: none, 1: up to the whole delay), so that messages
     *                     failing together do not retry together
     * @param drainTimeout on shutdown, how long deliveries already being handled may take to finish (and be acked)
     *                     after the consumer stopped taking new ones; what is not finished by then is left unacked
     *                     and redelivered by the broker. Keep it below
     *                     {@code spring.lifecycle.timeout-per-shutdown-phase} (20 s in the services), which is below
     *                     the pod's {@code terminationGracePeriodSeconds} (40 s)
     * @param batchSize    the most deliveries recorded in one transaction (capped at {@code prefetch}); 1 handles
     *                     every message in its own transaction, as before batching
     * @param batchWindow  how long a batch waits for more deliveries after its first one before it is handled anyway
     * @param prepareConcurrency the most inbox look-aheads and {@code prepare} calls (partner calls) at once within one
     *                     batch; all batches together never have more than {@code prefetch} in flight
     * @param outageRetryFor while the database cannot be reached (no connection could be opened, the connection
     *                     broke, PostgreSQL is shutting down or starting, too many connections: a failure that says
     *                     nothing about the message), a message is retried for at least this long after its first
     *                     failure, not only {@code maxAttempts} times: a PostgreSQL restart or fail-over must not
     *                     dead-letter the messages in flight. Longer than a fail-over takes
     */
    public record Consumer(
            @DefaultValue("100") @Min(1) @Max(10000) int prefetch,
            @DefaultValue("4") @Min(1) @Max(1024) int concurrency,
            @DefaultValue("3") @Min(1) @Max(20) int maxAttempts,
            @DefaultValue("200ms") @NotNull Duration firstBackoff,
            @DefaultValue("5s") @NotNull Duration maxBackoff,
            @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double jitter,
            @DefaultValue("15s") @NotNull Duration drainTimeout,
            @DefaultValue("50") @Min(1) @Max(1000) int batchSize,
            @DefaultValue("5ms") @NotNull Duration batchWindow,
            @DefaultValue("16") @Min(1) @Max(1024) int prepareConcurrency,
            @DefaultValue("2m") @NotNull Duration outageRetryFor) {

        /** The batch size in force: a batch larger than the prefetch could never fill. */
        public int effectiveBatchSize() {
            return Math.min(batchSize, prefetch);
        }
    }

    /**
     * The transactional outbox relay.
     *
     * @param enabled      whether this instance runs the relay (any number of instances may)
     * @param batchSize    rows claimed per relay transaction
     * @param pollInterval the safety-net poll: how often the relay looks without being woken (it is woken after every
     *                     commit that appended rows, locally and through {@code NOTIFY} from other replicas), and how
     *                     soon a refused row is tried again once its {@code next_attempt_at} has passed
     * @param retention    how long published rows are kept for audit before they are deleted
     * @param purgeInterval how often published rows past the retention are deleted
     * @param failureBackoff first pause after a relay batch failed (the database or broker is away); doubles, with
     *                       jitter, up to {@code maxFailureBackoff}, and the relay never gives up
     * @param maxFailureBackoff upper bound of that pause
     * @param maxAttempts  publications of one row the broker refused (nack, Kafka error) before the row is parked
     *                     with an {@code OUTBOX_UNPUBLISHABLE} incident; a refusal that cannot pass (unroutable, too
     *                     large, an invalid topic) parks it at once. Re-driving the incident makes it due again
     * @param rowBackoff   how long a refused row waits before it is tried again; doubles with each attempt, up to
     *                     {@code maxRowBackoff}. Other rows go on meanwhile
     * @param maxRowBackoff upper bound of that wait
     * @param keepPublished keep confirmed rows (with {@code published_at}) until the retention purge instead of
     *                      deleting them in the publishing transaction
     * @param listen       listen for other replicas' commits ({@code LISTEN}) on one PostgreSQL connection of its own
     * @param listenBackoff first pause before the listener connects again after losing its connection; doubles up to
     *                      {@code maxFailureBackoff}
     * @param drainTimeout on shutdown, how long a batch in flight may take to be published and committed
     * @param confirmTimeout how long a batch waits for the broker's confirms before it fails (and is published again)
     */
    public record Outbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500") @Min(1) @Max(10000) int batchSize,
            @DefaultValue("2s") @NotNull Duration pollInterval,
            @DefaultValue("7d") @NotNull Duration retention,
            @DefaultValue("10m") @NotNull Duration purgeInterval,
            @DefaultValue("200ms") @NotNull Duration failureBackoff,
            @DefaultValue("10s") @NotNull Duration maxFailureBackoff,
            @DefaultValue("10") @Min(1) @Max(1000) int maxAttempts,
            @DefaultValue("1s") @NotNull Duration rowBackoff,
            @DefaultValue("5m") @NotNull Duration maxRowBackoff,
            @DefaultValue("false") boolean keepPublished,
            @DefaultValue("true") boolean listen,
            @DefaultValue("500ms") @NotNull Duration listenBackoff,
            @DefaultValue("10s") @NotNull Duration drainTimeout,
            @DefaultValue("30s") @NotNull Duration confirmTimeout) {
    }

    /**
     * Kafka, for canonical events.
     *
     * @param bootstrapServers  {@code host:port} list of the brokers
     * @param topicPartitions   partitions of topics this service creates when they are missing
     * @param replicationFactor replication of topics this service creates when they are missing
     * @param requestTimeout    how long a send may wait for the broker before it is retried by the relay
     * @param maxInFlight       records sent but not yet acknowledged by the broker, per relay batch
     * @param linger            how long the producer waits to fill a batch before sending it
     */
    public record Kafka(
            @DefaultValue("127.0.0.1:9092") @NotBlank String bootstrapServers,
            @DefaultValue("4") @Min(1) int topicPartitions,
            @DefaultValue("1") @Min(1) short replicationFactor,
            @DefaultValue("30s") @NotNull Duration requestTimeout,
            @DefaultValue("1024") @Min(1) @Max(100000) int maxInFlight,
            @DefaultValue("5ms") @NotNull Duration linger) {
    }

    /**
     * Threads for calls that block on a broker socket (AMQP publish/ack/nack, Kafka admin), never event loops.
     *
     * @param threads   the most threads at once
     * @param queueSize tasks that may wait for a thread before submissions are refused
     */
    public record BrokerIo(
            @DefaultValue("32") @Min(1) @Max(1024) int threads,
            @DefaultValue("100000") @Min(1) int queueSize) {
    }

    /**
     * The operator API {@code /api/v1/incidents}.
     *
     * @param defaultPageSize incidents per page when the caller gives no {@code limit}
     * @param maxPageSize     the largest {@code limit} accepted; a larger one is answered 400
     */
    public record Incidents(
            @DefaultValue("100") @Min(1) int defaultPageSize,
            @DefaultValue("1000") @Min(1) @Max(10000) int maxPageSize) {
    }

    /** The name a logical exchange, queue or topic has in this environment. */
    public String name(String logicalName) {
        return namePrefix + logicalName;
    }
}
