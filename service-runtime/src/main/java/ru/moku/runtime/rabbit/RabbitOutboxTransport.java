package ru.moku.runtime.rabbit;

import com.rabbitmq.client.AMQP;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.rabbitmq.CorrelableOutboundMessage;
import reactor.rabbitmq.OutboundMessageResult;
import reactor.rabbitmq.SendOptions;
import reactor.rabbitmq.Sender;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.OutboxRecord;
import ru.moku.runtime.outbox.OutboxTransport;
import ru.moku.runtime.outbox.OutboxTransport.Result;
import ru.moku.runtime.outbox.Transport;

/**
 * Publishes outbox rows to RabbitMQ: persistent, mandatory, with publisher confirms and a bounded
 * in-flight window. A message the broker could not route (returned) counts as not confirmed.
 */
public class RabbitOutboxTransport implements OutboxTransport {

    private static final Logger log = LoggerFactory.getLogger(RabbitOutboxTransport.class);

    private final Sender sender;
    private final RabbitTopology topology;
    private final MessagingProperties properties;
    private final Scheduler brokerIo;

    public RabbitOutboxTransport(Sender sender, RabbitTopology topology, MessagingProperties properties,
                                 Scheduler brokerIo) {
        this.sender = sender;
        this.topology = topology;
        this.properties = properties;
        this.brokerIo = brokerIo;
    }

    @Override
    public Transport transport() {
        return Transport.RABBIT;
    }

    @Override
    public Flux<Result> publish(List<OutboxRecord> records) {
        // basic.publish writes to a socket: feed the sender from a thread that may block.
        Flux<CorrelableOutboundMessage<Long>> messages = Flux.fromIterable(records).map(this::toMessage);
        SendOptions options = new SendOptions()
                .maxInFlight(properties.rabbitmq().maxInFlight(), brokerIo)
                .trackReturned(true);
        // Opening the confirm channel is a synchronous AMQP round trip: subscribe off the event loop too.
        return topology.declared()
                .thenMany(sender.sendWithTypedPublishConfirms(messages, options).subscribeOn(brokerIo))
                .map(this::result);
    }

    private Result result(OutboundMessageResult<CorrelableOutboundMessage<Long>> result) {
        long id = result.getOutboundMessage().getCorrelationMetadata();
        if (result.isReturned()) {
            // Every exchange and binding is declared before publishing: nothing bound means a configuration
            // mistake, not something that passes by itself.
            log.error("RabbitMQ could not route outbox row {} to {} / {}", id,
                    result.getOutboundMessage().getExchange(), result.getOutboundMessage().getRoutingKey());
            return Result.refused(id, new Failures.PermanentFailure("RabbitMQ could not route the message: no queue"
                    + " is bound to exchange " + result.getOutboundMessage().getExchange() + " with routing key "
                    + result.getOutboundMessage().getRoutingKey()));
        }
        return result.isAck() ? Result.confirmed(id)
                : Result.refused(id, new Failures.TransientFailure("RabbitMQ nacked the message (basic.nack)"));
    }

    private CorrelableOutboundMessage<Long> toMessage(OutboxRecord record) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId(record.messageId().toString())
                .type(record.messageType())
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .appId(properties.serviceName())
                .headers(Map.of("x-outbox-id", record.id()))
                .build();
        return new CorrelableOutboundMessage<>(properties.name(record.destination()), record.routingKey(), props,
                record.payload().getBytes(StandardCharsets.UTF_8), record.id());
    }
}
