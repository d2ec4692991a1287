package ru.moku.runtime.rabbit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.rabbitmq.BindingSpecification;
import reactor.rabbitmq.ExchangeSpecification;
import reactor.rabbitmq.QueueSpecification;
import reactor.rabbitmq.Sender;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Destinations.WorkQueue;
import ru.moku.runtime.config.MessagingProperties;

/**
 * Declares the platform's RabbitMQ topology at start-up: durable exchanges, every work queue with
 * its dead-letter queue. Declarations are idempotent, so every service declares the whole topology
 * and start-up order does not matter.
 */
public class RabbitTopology {

    private static final Logger log = LoggerFactory.getLogger(RabbitTopology.class);

    private final Sender sender;
    private final MessagingProperties properties;
    private final Mono<Void> declared;

    public RabbitTopology(Sender sender, MessagingProperties properties) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.properties = Objects.requireNonNull(properties, "properties");
        // Kept once declared; a failed declaration (broker not up yet) is tried again by the next subscriber.
        this.declared = declare(Destinations.WORK_QUEUES)
                .cache(v -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO,
                        () -> Duration.ofMillis(Long.MAX_VALUE));
    }

    /** Completes once the topology exists; declares it on the first subscription that succeeds. */
    public Mono<Void> declared() {
        return declared;
    }

    private Mono<Void> declare(List<WorkQueue> queues) {
        String deadLetterExchange = properties.name(Destinations.DEAD_LETTER_EXCHANGE);
        Mono<Void> exchanges = Flux.fromIterable(queues)
                .map(WorkQueue::exchange)
                .distinct()
                .concatMap(name -> sender.declareExchange(
                        ExchangeSpecification.exchange(properties.name(name)).type("topic").durable(true)))
                .then(sender.declareExchange(
                        ExchangeSpecification.exchange(deadLetterExchange).type("direct").durable(true)))
                .then();
        Mono<Void> queueDeclarations = Flux.fromIterable(queues)
                .concatMap(queue -> declareWorkQueue(queue, deadLetterExchange))
                .then();
        return exchanges.then(queueDeclarations)
                .doOnSuccess(v -> log.info("RabbitMQ topology declared ({} work queues, prefix '{}')",
                        queues.size(), properties.namePrefix()));
    }

    private Mono<Void> declareWorkQueue(WorkQueue queue, String deadLetterExchange) {
        String name = properties.name(queue.queue());
        String deadLetterQueue = properties.name(queue.deadLetterQueue());
        Map<String, Object> arguments = Map.of(
                "x-dead-letter-exchange", deadLetterExchange,
                "x-dead-letter-routing-key", name,
                "x-queue-type", properties.rabbitmq().queueType());
        return sender.declareQueue(QueueSpecification.queue(deadLetterQueue).durable(true)
                        .arguments(Map.of("x-queue-type", properties.rabbitmq().queueType())))
                .then(sender.bind(BindingSpecification.binding(deadLetterExchange, name, deadLetterQueue)))
                .then(sender.declareQueue(QueueSpecification.queue(name).durable(true).arguments(arguments)))
                .then(sender.bind(BindingSpecification.binding(
                        properties.name(queue.exchange()), queue.routingKey(), name)))
                .then();
    }
}
