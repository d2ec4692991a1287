package ru.moku.runtime.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import ru.moku.runtime.config.MessagingProperties;

/**
 * Publishes the outbox: claims a batch of unpublished rows of one transport with
 * {@code FOR UPDATE SKIP LOCKED}, publishes them with broker confirms, marks the confirmed ones
 * published, commits. Any number of instances may relay at once: a row locked by one is skipped by
 * the others, so a row is published twice only if an instance dies between the confirm and the
 * commit (consumers de-duplicate on the message id; the contract is at-least-once).
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OutboxTransport transport;
    private final MessagingProperties.Outbox settings;
    private final MeterRegistry meters;
    private volatile Disposable subscription;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxTransport transport,
                       MessagingProperties.Outbox settings, MeterRegistry meters) {
        this.db = Objects.requireNonNull(db, "db");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * Relays one batch: claims, publishes, marks. Emits the number of rows published.
     * Exposed for tests and tools; the running relay calls it in a loop.
     */
    public Mono<Integer> relayBatch() {
        return tx.transactional(claimBatch()
                .collectList()
                .flatMap(batch -> batch.isEmpty() ? Mono.just(0) : publishAndMark(batch)));
    }

    private Flux<OutboxRecord> claimBatch() {
        return db.sql("""
                        SELECT id, message_id, transport, destination, routing_key, message_type, payload
                        FROM outbox
                        WHERE published_at IS NULL AND transport = :transport
                        ORDER BY id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .bind("transport", transport.transport().name())
                .bind("limit", settings.batchSize())
                .map(row -> new OutboxRecord(
                        row.get("id", Long.class),
                        row.get("message_id", UUID.class),
                        Transport.valueOf(row.get("transport", String.class)),
                        row.get("destination", String.class),
                        row.get("routing_key", String.class),
                        row.get("message_type", String.class),
                        row.get("payload", String.class)))
                .all();
    }

    private Mono<Integer> publishAndMark(List<OutboxRecord> batch) {
        return transport.publish(batch)
                .collectList()
                .flatMap(confirmed -> markPublished(batch, confirmed));
    }

    private Mono<Integer> markPublished(List<OutboxRecord> batch, List<Long> confirmed) {
        int unconfirmed = batch.size() - confirmed.size();
        if (unconfirmed > 0) {
            log.warn("{} of {} {} outbox rows were not confirmed; they will be published again",
                    unconfirmed, batch.size(), transport.transport());
        }
        if (confirmed.isEmpty()) {
            return Mono.just(0);
        }
        return db.sql("UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(:ids)")
                .bind("ids", confirmed.toArray(Long[]::new))
                .fetch().rowsUpdated()
                .doOnNext(rows -> meters.counter("moku.outbox.published", "transport",
                        transport.transport().name()).increment(rows))
                .thenReturn(confirmed.size());
    }

    /** Deletes published rows older than the retention. */
    Mono<Long> purgePublished() {
        return db.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :seconds)")
                .bind("seconds", (double) settings.retention().toSeconds())
                .fetch().rowsUpdated();
    }

    @Override
    public synchronized void start() {
        if (subscription != null || !settings.enabled()) {
            return;
        }
        Flux<Integer> relayLoop = Mono.defer(this::relayBatch)
                // A full batch means more may be waiting: go on at once; otherwise pause briefly.
                .flatMap(published -> published >= settings.batchSize()
                        ? Mono.just(published)
                        : Mono.delay(settings.pollInterval()).thenReturn(published))
                .repeat()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.failureBackoff())
                        .maxBackoff(settings.maxFailureBackoff())
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("{} outbox relay retries after: {}",
                                transport.transport(), signal.failure().toString())));
        Flux<Long> purgeLoop = Flux.interval(settings.purgeInterval())
                .concatMap(tick -> purgePublished().onErrorResume(e -> {
                    log.warn("Outbox purge failed, next try in {}: {}", settings.purgeInterval(), e.toString());
                    return Mono.empty();
                }));
        subscription = Flux.merge(relayLoop.then(), purgeLoop.then()).subscribe();
        log.info("{} outbox relay started (batch {}, poll {})", transport.transport(), settings.batchSize(),
                settings.pollInterval());
    }

    @Override
    public synchronized void stop() {
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null && !subscription.isDisposed();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
