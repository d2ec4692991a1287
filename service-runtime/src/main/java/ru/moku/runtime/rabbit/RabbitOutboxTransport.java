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
import ru.moku.runtime.outbox.OutboxRecord;
import ru.moku.runtime.outbox.OutboxTransport;
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
    public Flux<Long> publish(List<OutboxRecord> records) {
        // basic.publish writes to a socket: feed the sender from a thread that may block.
        Flux<CorrelableOutboundMessage<Long>> messages = Flux.fromIterable(records).map(this::toMessage);
        SendOptions options = new SendOptions()
                .maxInFlight(properties.rabbitmq().maxInFlight(), brokerIo)
                .trackReturned(true);
        // Opening the confirm channel is a synchronous AMQP round trip: subscribe off the event loop too.
        return topology.declared()
                .thenMany(sender.sendWithTypedPublishConfirms(messages, options).subscribeOn(brokerIo))
                .filter(this::confirmed)
                .map(result -> result.getOutboundMessage().getCorrelationMetadata());
    }

    private boolean confirmed(OutboundMessageResult<CorrelableOutboundMessage<Long>> result) {
        if (result.isReturned()) {
            log.error("RabbitMQ could not route outbox row {} to {} / {}", result.getOutboundMessage()
                    .getCorrelationMetadata(), result.getOutboundMessage().getExchange(),
                    result.getOutboundMessage().getRoutingKey());
            return false;
        }
        return result.isAck();
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
