package ru.moku.runtime.inbox;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Processed message ids, per consumer. Recording an id in the same transaction as the message's
 * effect makes the consumer idempotent: a redelivered message finds its id and changes nothing.
 */
public class Inbox {

    private final DatabaseClient db;

    public Inbox(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * Records that {@code consumer} processes {@code messageId}. Emits {@code true} the first time,
     * {@code false} when it was recorded before (already processed — not a failure). Call inside the
     * transaction of the effect; a concurrent duplicate waits for the first to commit.
     */
    public Mono<Boolean> firstDelivery(String consumer, UUID messageId) {
        return db.sql("""
                        INSERT INTO processed_message (consumer, message_id) VALUES (:consumer, :messageId)
                        ON CONFLICT DO NOTHING""")
                .bind("consumer", consumer)
                .bind("messageId", messageId)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /**
     * Records that {@code consumer} processes each of {@code messageIds}, in one statement, and emits those recorded
     * now for the first time (the others were processed before — not a failure). Call inside the transaction of the
     * effects. The ids are inserted in sorted order, so that two batches waiting for each other's ids (a concurrent
     * duplicate waits for the first to commit) always lock them in the same order and cannot deadlock. An id given
     * twice is recorded, and emitted, once.
     */
    public Mono<Set<UUID>> firstDeliveries(String consumer, Collection<UUID> messageIds) {
        UUID[] ids = messageIds.stream().distinct().sorted().toArray(UUID[]::new);
        if (ids.length == 0) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                        INSERT INTO processed_message (consumer, message_id)
                        SELECT :consumer, id FROM unnest(:messageIds::uuid[]) AS id ORDER BY id
                        ON CONFLICT DO NOTHING
                        RETURNING message_id""")
                .bind("consumer", consumer)
                .bind("messageIds", ids)
                .map(row -> row.get("message_id", UUID.class))
                .all()
                .collect(Collectors.toSet());
    }

    /**
     * Whether {@code consumer} recorded {@code messageId} already — a cheap look before slow work that a known
     * duplicate need not repeat. Not a substitute for {@link #firstDelivery} in the effect's transaction.
     */
    public Mono<Boolean> processed(String consumer, UUID messageId) {
        return db.sql("SELECT 1 FROM processed_message WHERE consumer = :consumer AND message_id = :messageId")
                .bind("consumer", consumer)
                .bind("messageId", messageId)
                .fetch()
                .first()
                .hasElement();
    }
}
