package ru.moku.runtime.testapp;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * A two-step handler of enrichment requests for the runtime's tests: {@code prepare} notes whether it ran inside a
 * transaction and fails transiently as often as the test asked for that card; {@code handle} writes a
 * {@code test_effect} row carrying what {@code prepare} found.
 */
public class PreparingHandler implements PreparedMessageHandler<EnrichmentRequest, String> {

    private final DatabaseClient db;
    private final Map<UUID, AtomicInteger> preparations = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> transientFailures = new ConcurrentHashMap<>();
    private final Map<UUID, Boolean> preparedInTransaction = new ConcurrentHashMap<>();

    PreparingHandler(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The first {@code times} preparations for {@code cardId} fail transiently. */
    public void failTransiently(UUID cardId, int times) {
        transientFailures.put(cardId, times);
    }

    /** How often {@code prepare} ran for {@code cardId}. */
    public int preparations(UUID cardId) {
        AtomicInteger count = preparations.get(cardId);
        return count == null ? 0 : count.get();
    }

    /** Whether any preparation for {@code cardId} saw a transaction. */
    public boolean preparedInTransaction(UUID cardId) {
        return preparedInTransaction.getOrDefault(cardId, false);
    }

    @Override
    public Mono<String> prepare(Envelope<EnrichmentRequest> message) {
        UUID cardId = message.data().cardId();
        int attempt = preparations.computeIfAbsent(cardId, id -> new AtomicInteger()).incrementAndGet();
        return TransactionSynchronizationManager.forCurrentTransaction()
                .map(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorReturn(false)
                .doOnNext(inTransaction -> preparedInTransaction.merge(cardId, inTransaction, Boolean::logicalOr))
                .then(Mono.defer(() -> attempt <= transientFailures.getOrDefault(cardId, 0)
                        ? Mono.error(new Failures.TransientFailure("partner slow, attempt " + attempt))
                        : Mono.just("prepared on attempt " + attempt)));
    }

    @Override
    public Mono<Void> handle(Envelope<EnrichmentRequest> message, String prepared) {
        return db.sql("INSERT INTO test_effect (card_id, message_id, note) VALUES (:cardId, :messageId, :note)")
                .bind("cardId", message.data().cardId())
                .bind("messageId", message.id())
                .bind("note", prepared)
                .fetch().rowsUpdated()
                .then();
    }
}
