package ru.moku.runtime.outbox;

import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Destinations.WorkQueue;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.json.EnvelopeCodec;

/**
 * The write side of the transactional outbox: a message is appended in the caller's database
 * transaction, so it exists exactly when the state change it announces does. The {@link OutboxRelay}
 * publishes it afterwards (at least once).
 *
 * <p>Appending outside a transaction is a programming error and fails: the outbox never commits on
 * its own.
 */
public class Outbox {

    private final DatabaseClient db;
    private final EnvelopeCodec codec;

    public Outbox(DatabaseClient db, EnvelopeCodec codec) {
        this.db = Objects.requireNonNull(db, "db");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Appends a message for the exchange and routing key that feed {@code queue}. */
    public Mono<Void> toRabbit(WorkQueue queue, Envelope<?> envelope) {
        return append(Transport.RABBIT, queue.exchange(), queue.routingKey(), envelope);
    }

    /** Appends an event for a Kafka topic, keyed by {@code key} (ordering is per key). */
    public Mono<Void> toKafka(String topic, String key, Envelope<?> envelope) {
        return append(Transport.KAFKA, topic, key, envelope);
    }

    private Mono<Void> append(Transport transport, String destination, String routingKey, Envelope<?> envelope) {
        return requireTransaction()
                .then(db.sql("""
                                INSERT INTO outbox (message_id, transport, destination, routing_key, message_type, payload)
                                VALUES (:messageId, :transport, :destination, :routingKey, :type, :payload)""")
                        .bind("messageId", envelope.id())
                        .bind("transport", transport.name())
                        .bind("destination", destination)
                        .bind("routingKey", routingKey)
                        .bind("type", envelope.type())
                        .bind("payload", codec.encodeToString(envelope))
                        .fetch()
                        .rowsUpdated())
                .then();
    }

    private static Mono<Void> requireTransaction() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .switchIfEmpty(Mono.error(() -> new NoTransactionException(
                        "outbox writes must join the caller's transaction")))
                .onErrorMap(NoTransactionException.class, e -> new IllegalStateException(
                        "outbox writes must join the caller's transaction", e))
                .then();
    }
}
