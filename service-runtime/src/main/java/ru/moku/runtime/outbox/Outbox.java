package ru.moku.runtime.outbox;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
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
 *
 * <p>The relays are woken by the commit, not by polling: the first row of a transport in a transaction registers a
 * {@link TransactionSynchronization} whose {@code afterCommit} rings this process's relays ({@link OutboxWakeups}), and
 * its {@code INSERT} also calls {@code pg_notify} — PostgreSQL delivers that only if the transaction commits — for the
 * relays of the service's other replicas ({@link OutboxListener}). Later rows of the transaction add nothing; a
 * rollback wakes nobody.
 */
public class Outbox {

    private static final String INSERT = """
            INSERT INTO outbox (message_id, transport, destination, routing_key, message_type, payload)
            VALUES (:messageId, :transport, :destination, :routingKey, :type, :payload)""";

    /** The first row of a transport in a transaction: the same insert, announcing the commit to other replicas. */
    private static final String INSERT_AND_NOTIFY = """
            INSERT INTO outbox (message_id, transport, destination, routing_key, message_type, payload)
            SELECT :messageId, :transport, :destination, :routingKey, :type, :payload
            FROM (SELECT pg_notify(:channel, :notice)) AS announced""";

    /** Many rows of one destination in one statement; {@code %s} is the announcing join or nothing. */
    private static final String INSERT_MANY = """
            INSERT INTO outbox (message_id, transport, destination, routing_key, message_type, payload)
            SELECT u.message_id, :transport, :destination, u.routing_key, u.message_type, u.payload
            FROM unnest(CAST(:messageIds AS uuid[]), CAST(:routingKeys AS text[]), CAST(:types AS text[]),
                        CAST(:payloads AS text[])) WITH ORDINALITY AS u(message_id, routing_key, message_type, payload, n)
                 %s
            ORDER BY u.n""";

    private final DatabaseClient db;
    private final EnvelopeCodec codec;
    private final OutboxWakeups wakeups;
    private final boolean notifyReplicas;

    /** An outbox whose rows wait for the relays' next poll (no wake-up after commit). */
    public Outbox(DatabaseClient db, EnvelopeCodec codec) {
        this(db, codec, null, false);
    }

    /**
     * An outbox that wakes this process's relays after each commit that appended rows ({@code wakeups} may be null),
     * and, with {@code notifyReplicas}, the other replicas' through {@code pg_notify}. Without listeners a NOTIFY is
     * wasted, and a notifying commit takes PostgreSQL's notification-queue lock: leave it off where nobody listens.
     */
    public Outbox(DatabaseClient db, EnvelopeCodec codec, OutboxWakeups wakeups, boolean notifyReplicas) {
        this.db = Objects.requireNonNull(db, "db");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.wakeups = wakeups;
        this.notifyReplicas = notifyReplicas && wakeups != null;
    }

    /** Appends a message for the exchange and routing key that feed {@code queue}. */
    public Mono<Void> toRabbit(WorkQueue queue, Envelope<?> envelope) {
        return append(Transport.RABBIT, queue.exchange(), queue.routingKey(), envelope);
    }

    /**
     * Appends one message per envelope for {@code queue}, in one statement (the rows keep the list's order): what a
     * group of cards costs one round trip instead of one per card.
     */
    public Mono<Void> toRabbit(WorkQueue queue, List<? extends Envelope<?>> envelopes) {
        if (envelopes.isEmpty()) {
            return Mono.empty();
        }
        int n = envelopes.size();
        UUID[] messageIds = new UUID[n];
        String[] routingKeys = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Envelope<?> envelope = envelopes.get(i);
            messageIds[i] = envelope.id();
            routingKeys[i] = queue.routingKey();
            types[i] = envelope.type();
            payloads[i] = codec.encodeToString(envelope);
        }
        return requireTransaction()
                .then(wakeAfterCommit(Transport.RABBIT))
                .flatMap(firstOfTransaction -> {
                    boolean first = firstOfTransaction && notifyReplicas;
                    DatabaseClient.GenericExecuteSpec insert = db.sql(INSERT_MANY.formatted(
                                    first ? "CROSS JOIN (SELECT pg_notify(:channel, :notice)) AS announced" : ""))
                            .bind("transport", Transport.RABBIT.name())
                            .bind("destination", queue.exchange())
                            .bind("messageIds", messageIds)
                            .bind("routingKeys", routingKeys)
                            .bind("types", types)
                            .bind("payloads", payloads);
                    if (first) {
                        insert = insert.bind("channel", wakeups.channel())
                                .bind("notice", wakeups.payload(Transport.RABBIT));
                    }
                    return insert.fetch().rowsUpdated();
                })
                .then();
    }

    /** Appends an event for a Kafka topic, keyed by {@code key} (ordering is per key). */
    public Mono<Void> toKafka(String topic, String key, Envelope<?> envelope) {
        return append(Transport.KAFKA, topic, key, envelope);
    }

    private Mono<Void> append(Transport transport, String destination, String routingKey, Envelope<?> envelope) {
        return requireTransaction()
                .then(wakeAfterCommit(transport))
                .flatMap(firstOfTransaction -> {
                    boolean first = firstOfTransaction && notifyReplicas;
                    DatabaseClient.GenericExecuteSpec insert = db.sql(first ? INSERT_AND_NOTIFY : INSERT)
                            .bind("messageId", envelope.id())
                            .bind("transport", transport.name())
                            .bind("destination", destination)
                            .bind("routingKey", routingKey)
                            .bind("type", envelope.type())
                            .bind("payload", codec.encodeToString(envelope));
                    if (first) {
                        insert = insert.bind("channel", wakeups.channel()).bind("notice", wakeups.payload(transport));
                    }
                    return insert.fetch().rowsUpdated();
                })
                .then();
    }

    /**
     * Registers, once per transaction and transport, the ring after commit. Emits whether this is the transaction's
     * first row of the transport (which then also notifies the other replicas).
     */
    private Mono<Boolean> wakeAfterCommit(Transport transport) {
        if (wakeups == null) {
            return Mono.just(false);
        }
        return TransactionSynchronizationManager.forCurrentTransaction().map(sync -> {
            if (!sync.isSynchronizationActive()) {
                return false;
            }
            for (TransactionSynchronization registered : sync.getSynchronizations()) {
                if (registered instanceof WakeAfterCommit wake && wake.owner == this && wake.transport == transport) {
                    return false;
                }
            }
            sync.registerSynchronization(new WakeAfterCommit(this, transport));
            return true;
        });
    }

    /** Rings the relays of one transport after the transaction committed; a rollback rings nothing. */
    private static final class WakeAfterCommit implements TransactionSynchronization {

        private final Outbox owner;
        private final Transport transport;

        WakeAfterCommit(Outbox owner, Transport transport) {
            this.owner = owner;
            this.transport = transport;
        }

        @Override
        public Mono<Void> afterCommit() {
            return Mono.fromRunnable(() -> owner.wakeups.wake(transport));
        }
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
