package ru.moku.runtime.rabbit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.Receiver;
import ru.moku.model.messaging.Destinations.WorkQueue;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;

/**
 * Creates {@link ReliableConsumer}s. Declare the result as a bean: it starts with the application
 * context and stops with it.
 */
public class ReliableConsumers {

    private final Receiver receiver;
    private final RabbitTopology topology;
    private final EnvelopeCodec codec;
    private final Inbox inbox;
    private final Incidents incidents;
    private final TransactionalOperator tx;
    private final MessagingProperties properties;
    private final Scheduler brokerIo;
    private final MeterRegistry meters;

    public ReliableConsumers(Receiver receiver, RabbitTopology topology, EnvelopeCodec codec, Inbox inbox,
                             Incidents incidents, TransactionalOperator tx, MessagingProperties properties,
                             Scheduler brokerIo, MeterRegistry meters) {
        this.receiver = receiver;
        this.topology = topology;
        this.codec = codec;
        this.inbox = inbox;
        this.incidents = incidents;
        this.tx = tx;
        this.properties = properties;
        this.brokerIo = brokerIo;
        this.meters = meters;
    }

    /** A consumer of {@code queue} whose messages carry {@code dataType}. */
    public <T> ReliableConsumer<T> create(WorkQueue queue, Class<T> dataType, MessageHandler<T> handler) {
        return create(queue, dataType, handler, DeadLetterHook.none());
    }

    /** The same, with something to do when a message is given up. */
    public <T> ReliableConsumer<T> create(WorkQueue queue, Class<T> dataType, MessageHandler<T> handler,
                                          DeadLetterHook<T> deadLetterHook) {
        return new ReliableConsumer<>(queue, dataType, queue.queue(), handler, deadLetterHook, receiver, topology,
                codec, inbox, incidents, tx, properties, brokerIo, meters);
    }

    /**
     * A consumer whose handler calls a partner before its transaction (see {@link PreparedMessageHandler}); a
     * message already in the inbox is skipped before that call.
     */
    public <T, P> ReliableConsumer<T> create(WorkQueue queue, Class<T> dataType,
                                             PreparedMessageHandler<T, P> handler, DeadLetterHook<T> deadLetterHook) {
        return new ReliableConsumer<>(queue, dataType, queue.queue(), handler, true, deadLetterHook, receiver,
                topology, codec, inbox, incidents, tx, properties, brokerIo, meters);
    }
}
