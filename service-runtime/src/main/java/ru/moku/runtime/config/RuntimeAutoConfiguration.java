package ru.moku.runtime.config;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import ru.moku.runtime.incident.AutoRetryProperties;
import ru.moku.runtime.incident.IncidentAutoRetry;
import ru.moku.runtime.incident.IncidentController;
import ru.moku.runtime.incident.IncidentRedriver;
import ru.moku.runtime.incident.IncidentRedrivers;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.kafka.KafkaOutboxTransport;
import ru.moku.runtime.kafka.KafkaTopics;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.outbox.OutboxListener;
import ru.moku.runtime.outbox.OutboxWakeups;
import ru.moku.runtime.outbox.OutboxRedriver;
import ru.moku.runtime.outbox.OutboxRelay;
import ru.moku.runtime.rabbit.RabbitHealthIndicator;
import ru.moku.runtime.rabbit.RabbitOutboxTransport;
import ru.moku.runtime.rabbit.RabbitTopology;
import ru.moku.runtime.rabbit.ReliableConsumers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a service needs to take part in the platform's messaging, wired from
 * {@code moku.messaging.*}: RabbitMQ sender/receiver and topology, reliable consumers, the outbox
 * and its relays (RabbitMQ and Kafka), the inbox and incidents with their operator API.
 * Active in applications that name themselves with {@code moku.messaging.service-name}.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
        "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty("moku.messaging.service-name")
@EnableConfigurationProperties({MessagingProperties.class, AutoRetryProperties.class})
public class RuntimeAutoConfiguration {

    /** Threads for calls that block on a broker socket (AMQP publish/ack, Kafka admin): never event loops. */
    @Bean(destroyMethod = "dispose")
    public Scheduler brokerIoScheduler(MessagingProperties properties) {
        return Schedulers.newBoundedElastic(properties.brokerIo().threads(), properties.brokerIo().queueSize(),
                "broker-io");
    }

    @Bean
    @ConditionalOnMissingBean
    public TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }

    @Bean
    public EnvelopeCodec envelopeCodec(JsonMapper jsonMapper) {
        return new EnvelopeCodec(jsonMapper);
    }

    @Bean
    public RabbitConnections rabbitConnections(MessagingProperties properties) {
        return new RabbitConnections(properties);
    }

    @Bean(destroyMethod = "close")
    public Sender rabbitSender(RabbitConnections connections, Scheduler brokerIoScheduler,
                               MessagingProperties properties) {
        return RabbitFlux.createSender(new reactor.rabbitmq.SenderOptions()
                .connectionMono(connections.connection("sender"))
                .resourceManagementScheduler(brokerIoScheduler)
                .connectionClosingTimeout(properties.rabbitmq().closeTimeout()));
    }

    @Bean(destroyMethod = "close")
    public Receiver rabbitReceiver(RabbitConnections connections, MessagingProperties properties) {
        return RabbitFlux.createReceiver(new ReceiverOptions()
                .connectionMono(connections.connection("receiver"))
                .connectionClosingTimeout(properties.rabbitmq().closeTimeout()));
    }

    @Bean
    public RabbitTopology rabbitTopology(Sender rabbitSender, MessagingProperties properties) {
        return new RabbitTopology(rabbitSender, properties);
    }

    @Bean
    public RabbitHealthIndicator rabbitHealthIndicator(RabbitConnections connections) {
        return new RabbitHealthIndicator(connections);
    }

    /** The relays' doorbell: rung after local commits that appended outbox rows and by other replicas' NOTIFY. */
    @Bean
    public OutboxWakeups outboxWakeups(MessagingProperties properties) {
        return new OutboxWakeups(OutboxWakeups.channelFor(properties.serviceName()));
    }

    @Bean
    public Outbox outbox(DatabaseClient databaseClient, EnvelopeCodec codec, OutboxWakeups outboxWakeups,
                         MessagingProperties properties) {
        // Replicas are told through NOTIFY only where they listen for it.
        return new Outbox(databaseClient, codec, outboxWakeups, properties.outbox().listen());
    }

    /** One PostgreSQL connection per process that LISTENs for the other replicas' outbox commits. */
    @Bean
    @ConditionalOnProperty(
            name = "moku.messaging.outbox.listen", havingValue = "true", matchIfMissing = true)
    public OutboxListener outboxListener(io.r2dbc.spi.ConnectionFactory connectionFactory,
                                         OutboxWakeups outboxWakeups, MessagingProperties properties) {
        return new OutboxListener(connectionFactory, outboxWakeups, properties.outbox().listenBackoff(),
                properties.outbox().maxFailureBackoff());
    }

    @Bean
    public Inbox inbox(DatabaseClient databaseClient) {
        return new Inbox(databaseClient);
    }

    @Bean
    public Incidents incidents(DatabaseClient databaseClient, Outbox outbox, TransactionalOperator tx,
                               MessagingProperties properties) {
        return new Incidents(databaseClient, outbox, tx, properties.serviceName());
    }

    @Bean
    public IncidentRedrivers incidentRedrivers(ObjectProvider<IncidentRedriver> redrivers) {
        return new IncidentRedrivers(redrivers);
    }

    @Bean
    public IncidentAutoRetry incidentAutoRetry(DatabaseClient databaseClient, Incidents incidents,
                                               IncidentRedrivers redrivers, AutoRetryProperties autoRetry,
                                               ObjectProvider<MeterRegistry> meters) {
        return new IncidentAutoRetry(databaseClient, incidents, redrivers, autoRetry,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public IncidentController incidentController(Incidents incidents, IncidentRedrivers redrivers,
                                                 MessagingProperties properties) {
        return new IncidentController(incidents, redrivers, properties.incidents());
    }

    @Bean
    public ReliableConsumers reliableConsumers(Receiver rabbitReceiver, RabbitTopology topology, EnvelopeCodec codec,
                                               Inbox inbox, Incidents incidents, TransactionalOperator tx,
                                               MessagingProperties properties, Scheduler brokerIoScheduler,
                                               ObjectProvider<MeterRegistry> meters) {
        return new ReliableConsumers(rabbitReceiver, topology, codec, inbox, incidents, tx, properties,
                brokerIoScheduler, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public OutboxRelay rabbitOutboxRelay(DatabaseClient databaseClient, TransactionalOperator tx,
                                         RabbitConnections connections, RabbitTopology topology,
                                         MessagingProperties properties, Scheduler brokerIoScheduler,
                                         ObjectProvider<MeterRegistry> meters, Incidents incidents,
                                         OutboxWakeups outboxWakeups) {
        // Its confirm channel lives on the publishing connection, beside the Sender's (topology) channels.
        return new OutboxRelay(databaseClient, tx,
                new RabbitOutboxTransport(connections.connection("sender"), topology, properties, brokerIoScheduler),
                properties.outbox(), meters.getIfAvailable(SimpleMeterRegistry::new), incidents, outboxWakeups);
    }

    /** Retry of an {@code OUTBOX_UNPUBLISHABLE} incident: the parked row is published again. */
    @Bean
    public OutboxRedriver outboxRedriver(DatabaseClient databaseClient) {
        return new OutboxRedriver(databaseClient);
    }

    @Bean(destroyMethod = "close")
    public KafkaSender<String, byte[]> kafkaSender(MessagingProperties properties, Scheduler brokerIoScheduler) {
        MessagingProperties.Kafka kafka = properties.kafka();
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.CLIENT_ID_CONFIG, "moku-" + properties.serviceName(),
                // Idempotent producer: a retried send never writes a record twice.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, (int) kafka.linger().toMillis(),
                // Kafka requires delivery.timeout >= linger + request.timeout.
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis() * 4,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) kafka.requestTimeout().toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return KafkaSender.create(SenderOptions.<String, byte[]>create(config)
                .maxInFlight(kafka.maxInFlight())
                // producer.send may block while it fetches metadata: run it where blocking is allowed.
                .scheduler(brokerIoScheduler)
                .stopOnError(false));
    }

    @Bean
    public KafkaTopics kafkaTopics(MessagingProperties properties, Scheduler brokerIoScheduler) {
        return new KafkaTopics(properties, brokerIoScheduler);
    }

    @Bean
    public OutboxRelay kafkaOutboxRelay(DatabaseClient databaseClient, TransactionalOperator tx,
                                        KafkaSender<String, byte[]> kafkaSender, KafkaTopics topics,
                                        MessagingProperties properties, ObjectProvider<MeterRegistry> meters,
                                        Incidents incidents, OutboxWakeups outboxWakeups) {
        return new OutboxRelay(databaseClient, tx, new KafkaOutboxTransport(kafkaSender, topics, properties),
                properties.outbox(), meters.getIfAvailable(SimpleMeterRegistry::new), incidents, outboxWakeups);
    }

    /** The two AMQP connections (publishing and consuming), opened lazily, once, off event loops. */
    public static final class RabbitConnections {

        private final MessagingProperties properties;
        private final java.util.concurrent.ConcurrentMap<String, Mono<Connection>> connections =
                new java.util.concurrent.ConcurrentHashMap<>();

        RabbitConnections(MessagingProperties properties) {
            this.properties = properties;
        }

        /**
         * The connection for {@code purpose}, opened on first subscription and kept. A failed attempt
         * (broker not up yet) is not kept: the next subscriber tries again.
         */
        public Mono<Connection> connection(String purpose) {
            return connections.computeIfAbsent(purpose, p -> Mono.fromCallable(() -> newFactory()
                            .newConnection("moku-" + properties.serviceName() + "-" + p))
                    .subscribeOn(Schedulers.boundedElastic())
                    .cache(connection -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO,
                            () -> Duration.ZERO));
        }

        /** Whether every connection opened so far is open. */
        public Mono<Boolean> healthy() {
            return reactor.core.publisher.Flux.fromIterable(connections.values())
                    .flatMap(mono -> mono.map(Connection::isOpen).onErrorReturn(false))
                    .all(Boolean::booleanValue);
        }

        private ConnectionFactory newFactory() {
            MessagingProperties.Rabbitmq rabbit = properties.rabbitmq();
            ConnectionFactory factory = new ConnectionFactory();
            factory.setHost(rabbit.host());
            factory.setPort(rabbit.port());
            factory.setUsername(rabbit.username());
            factory.setPassword(rabbit.password());
            factory.setVirtualHost(rabbit.virtualHost());
            factory.useNio();
            factory.setAutomaticRecoveryEnabled(true);
            factory.setTopologyRecoveryEnabled(true);
            return factory;
        }
    }
}
