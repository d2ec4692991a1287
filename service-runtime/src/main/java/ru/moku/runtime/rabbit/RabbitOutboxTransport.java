package ru.moku.runtime.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.OutboxRecord;
import ru.moku.runtime.outbox.OutboxTransport;
import ru.moku.runtime.outbox.Transport;

/**
 * Publishes outbox rows to RabbitMQ: persistent, mandatory, with publisher confirms and a bounded in-flight window. A
 * message the broker could not route (returned) counts as refused for good.
 *
 * <p>One confirm channel per transport (so per relay), opened on the first batch and kept: no {@code channel.open},
 * {@code confirm.select} and {@code channel.close} round trips per batch. Its confirm, return and shutdown listeners
 * are registered once and answer the batch in flight (a relay publishes one batch at a time). When the connection
 * drops, the batch in flight fails (its rows are published again: at least once); the client's automatic recovery
 * brings the channel back in confirm mode with its listeners. A channel closed for good (a channel error) is replaced
 * by a new one at the next batch.
 */
public class RabbitOutboxTransport implements OutboxTransport {

    private static final Logger log = LoggerFactory.getLogger(RabbitOutboxTransport.class);

    private final Mono<? extends Connection> connection;
    private final RabbitTopology topology;
    private final MessagingProperties properties;
    private final Scheduler brokerIo;
    private ConfirmChannel current;

    /**
     * @param connection the publishing connection (automatic recovery on); the transport opens its channel on it
     * @param brokerIo   where blocking AMQP calls run (channel open, confirm.select, basic.publish)
     */
    public RabbitOutboxTransport(Mono<? extends Connection> connection, RabbitTopology topology,
                                 MessagingProperties properties, Scheduler brokerIo) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.properties = Objects.requireNonNull(properties, "properties");
        this.brokerIo = Objects.requireNonNull(brokerIo, "brokerIo");
    }

    @Override
    public Transport transport() {
        return Transport.RABBIT;
    }

    @Override
    public Flux<Result> publish(List<OutboxRecord> records) {
        int window = properties.rabbitmq().maxInFlight();
        return topology.declared()
                .then(channel())
                .flatMapMany(channel -> Flux.fromIterable(records)
                        .buffer(window)
                        .concatMap(chunk -> channel.publish(chunk)
                                .subscribeOn(brokerIo)
                                .timeout(properties.outbox().confirmTimeout(), Mono.defer(() -> {
                                    // Late confirms would land on the next batch's sequence numbers: drop the channel.
                                    discard(channel);
                                    return Mono.error(new Failures.TransientFailure("RabbitMQ did not confirm "
                                            + chunk.size() + " messages within "
                                            + properties.outbox().confirmTimeout(), new TimeoutException()));
                                })), 0)
                        .concatMapIterable(results -> results));
    }

    /** The kept channel if it is open; a new one if it is closed for good; an error while the connection recovers. */
    private Mono<ConfirmChannel> channel() {
        return connection.flatMap(conn -> Mono.fromCallable(() -> {
            synchronized (this) {
                if (current != null && current.channel.isOpen()) {
                    return current;
                }
                if (!conn.isOpen()) {
                    throw new Failures.TransientFailure("the RabbitMQ connection is closed (recovering)");
                }
                if (current != null) {
                    log.info("RabbitMQ outbox confirm channel {} was closed; opening another",
                            current.channel.getChannelNumber());
                    abort(current);
                }
                current = new ConfirmChannel(conn.createChannel());
                return current;
            }
        }).subscribeOn(brokerIo));
    }

    private synchronized void discard(ConfirmChannel channel) {
        if (current == channel) {
            current = null;
        }
        abort(channel);
    }

    private void abort(ConfirmChannel channel) {
        try {
            brokerIo.schedule(() -> {
                try {
                    channel.channel.abort();
                } catch (Exception e) {
                    log.debug("Closing the outbox confirm channel: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException stopped) {
            log.debug("Outbox confirm channel left to the connection's close");
        }
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            abort(current);
            current = null;
        }
    }

    private AMQP.BasicProperties propertiesOf(OutboxRecord record) {
        return new AMQP.BasicProperties.Builder()
                .messageId(record.messageId().toString())
                .type(record.messageType())
                .contentType("application/json")
                .contentEncoding("utf-8")
                .deliveryMode(2)
                .appId(properties.serviceName())
                .headers(Map.of("x-outbox-id", record.id()))
                .build();
    }

    /** A channel in confirm mode and the chunk it is publishing. */
    private final class ConfirmChannel {

        final Channel channel;
        private final ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();
        private volatile Chunk active;

        ConfirmChannel(Channel channel) throws java.io.IOException {
            this.channel = channel;
            channel.confirmSelect();
            channel.addConfirmListener(new ConfirmListener() {
                @Override
                public void handleAck(long deliveryTag, boolean multiple) {
                    answer(deliveryTag, multiple, true);
                }

                @Override
                public void handleNack(long deliveryTag, boolean multiple) {
                    answer(deliveryTag, multiple, false);
                }
            });
            // Mandatory and unroutable: basic.return comes before the message's basic.ack.
            channel.addReturnListener(returned -> {
                Chunk chunk = active;
                Object id = returned.getProperties().getHeaders() == null ? null
                        : returned.getProperties().getHeaders().get("x-outbox-id");
                if (chunk != null && id instanceof Number number) {
                    log.error("RabbitMQ could not route outbox row {} to {} / {}", number, returned.getExchange(),
                            returned.getRoutingKey());
                    chunk.returned(number.longValue(), returned.getExchange(), returned.getRoutingKey());
                }
            });
            channel.addShutdownListener(this::closed);
        }

        /** Publishes one chunk (at most the in-flight window) and emits every row's result once all are answered. */
        Mono<List<Result>> publish(List<OutboxRecord> records) {
            return Mono.create(sink -> {
                Chunk chunk = new Chunk(records.size(), sink);
                active = chunk;
                unconfirmed.clear();
                try {
                    for (OutboxRecord record : records) {
                        long sequence = channel.getNextPublishSeqNo();
                        unconfirmed.put(sequence, record.id());
                        channel.basicPublish(properties.name(record.destination()), record.routingKey(), true,
                                propertiesOf(record), record.payload().getBytes(StandardCharsets.UTF_8));
                    }
                } catch (Exception e) {
                    unconfirmed.clear();
                    chunk.fail(e);
                }
            });
        }

        private void answer(long deliveryTag, boolean multiple, boolean ack) {
            Chunk chunk = active;
            List<Long> ids = new ArrayList<>();
            if (multiple) {
                ConcurrentNavigableMap<Long, Long> upTo = unconfirmed.headMap(deliveryTag, true);
                ids.addAll(upTo.values());
                upTo.clear();
            } else {
                Long id = unconfirmed.remove(deliveryTag);
                if (id != null) {
                    ids.add(id);
                }
            }
            if (chunk != null) {
                ids.forEach(id -> chunk.answer(id, ack));
            }
        }

        private void closed(ShutdownSignalException cause) {
            Chunk chunk = active;
            unconfirmed.clear();
            if (chunk != null) {
                chunk.fail(new Failures.TransientFailure("the RabbitMQ channel closed before every message of the"
                        + " batch was confirmed: " + cause.getMessage(), cause));
            }
        }
    }

    /** The results of one chunk, completed when every message is answered or the channel failed. */
    private static final class Chunk {

        private final int size;
        private final MonoSink<List<Result>> sink;
        private final List<Result> results;
        private final Set<Long> returned = Collections.synchronizedSet(new HashSet<>());
        private final Map<Long, String> returnedTo = new java.util.concurrent.ConcurrentHashMap<>();
        private boolean done;

        Chunk(int size, MonoSink<List<Result>> sink) {
            this.size = size;
            this.sink = sink;
            this.results = new ArrayList<>(size);
        }

        void returned(long id, String exchange, String routingKey) {
            returned.add(id);
            returnedTo.put(id, "exchange " + exchange + " with routing key " + routingKey);
        }

        synchronized void answer(long id, boolean ack) {
            if (done) {
                return;
            }
            if (returned.contains(id)) {
                // Every exchange and binding is declared before publishing: nothing bound means a configuration
                // mistake, not something that passes by itself.
                results.add(Result.refused(id, new Failures.PermanentFailure("RabbitMQ could not route the message:"
                        + " no queue is bound to " + returnedTo.get(id))));
            } else {
                results.add(ack ? Result.confirmed(id)
                        : Result.refused(id, new Failures.TransientFailure("RabbitMQ nacked the message (basic.nack)")));
            }
            if (results.size() == size) {
                done = true;
                sink.success(List.copyOf(results));
            }
        }

        synchronized void fail(Throwable error) {
            if (!done) {
                done = true;
                sink.error(error);
            }
        }
    }
}
