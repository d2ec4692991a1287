package ru.moku.runtime.kafka;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.RetriableException;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.OutboxTransport.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderRecord;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.outbox.OutboxRecord;
import ru.moku.runtime.outbox.OutboxTransport;
import ru.moku.runtime.outbox.Transport;

/**
 * Publishes outbox rows to Kafka through an idempotent producer (acks=all), keyed so that all
 * events of one card land in one partition, in order.
 */
public class KafkaOutboxTransport implements OutboxTransport {

    private static final Logger log = LoggerFactory.getLogger(KafkaOutboxTransport.class);

    private final KafkaSender<String, byte[]> sender;
    private final KafkaTopics topics;
    private final MessagingProperties properties;

    public KafkaOutboxTransport(KafkaSender<String, byte[]> sender, KafkaTopics topics, MessagingProperties properties) {
        this.sender = sender;
        this.topics = topics;
        this.properties = properties;
    }

    @Override
    public Transport transport() {
        return Transport.KAFKA;
    }

    @Override
    public Flux<Result> publish(List<OutboxRecord> records) {
        Flux<SenderRecord<String, byte[], Long>> outbound = Flux.fromIterable(records).map(this::toRecord);
        return topics.ready()
                .thenMany(sender.send(outbound))
                .map(result -> {
                    if (result.exception() == null) {
                        return Result.confirmed(result.correlationMetadata());
                    }
                    log.warn("Kafka did not take outbox row {}: {}", result.correlationMetadata(),
                            result.exception().toString());
                    return Result.refused(result.correlationMetadata(), classify(result.exception()));
                });
    }

    /**
     * Kafka marks what may pass ({@link RetriableException}: leader moving, timeouts, not enough replicas); any other
     * error about one record (too large, an invalid topic, not authorised) comes back however often it is sent.
     */
    static Throwable classify(Exception error) {
        if (error instanceof RetriableException || error instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new Failures.TransientFailure("Kafka: " + error, error);
        }
        if (error instanceof ApiException) {
            return new Failures.PermanentFailure("Kafka refused the record: " + error, error);
        }
        return new Failures.TransientFailure("Kafka: " + error, error);
    }

    private SenderRecord<String, byte[], Long> toRecord(OutboxRecord record) {
        ProducerRecord<String, byte[]> producerRecord = new ProducerRecord<>(properties.name(record.destination()),
                record.routingKey(), record.payload().getBytes(StandardCharsets.UTF_8));
        producerRecord.headers()
                .add("ce_id", record.messageId().toString().getBytes(StandardCharsets.UTF_8))
                .add("ce_type", record.messageType().getBytes(StandardCharsets.UTF_8))
                .add("ce_source", ("moku/" + properties.serviceName()).getBytes(StandardCharsets.UTF_8))
                .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return SenderRecord.create(producerRecord, record.id());
    }
}
