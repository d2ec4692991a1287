package ru.moku.runtime.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;

/**
 * Publishes the outbox: claims a batch of unpublished rows of one transport with
 * {@code FOR UPDATE SKIP LOCKED}, publishes them with broker confirms, marks the confirmed ones
 * published, commits. Any number of instances may relay at once: a row locked by one is skipped by
 * the others, so a row is published twice only if an instance dies between the confirm and the
 * commit (consumers de-duplicate on the message id; the contract is at-least-once).
 *
 * <p>A row the broker refuses does not hold the others up: it records the error ({@code last_error},
 * {@code attempts}) and waits {@code next_attempt_at} (exponential, capped) while the relay goes on. A refusal that
 * cannot pass ({@link Failures.PermanentFailure}) or {@code max-attempts} refusals park the row and open an
 * {@link IncidentKind#OUTBOX_UNPUBLISHABLE} incident, whose retry ({@link OutboxRedriver}) makes the row due again.
 * On Kafka, where order per key is promised, the later rows of a key wait behind its failing row.
 */
public final class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final OutboxTransport transport;
    private final MessagingProperties.Outbox settings;
    private final MeterRegistry meters;
    private final Incidents incidents;
    private volatile Disposable subscription;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxTransport transport,
                       MessagingProperties.Outbox settings, MeterRegistry meters, Incidents incidents) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
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
                        FROM outbox o
                        WHERE published_at IS NULL AND transport = :transport
                          AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                          AND (NOT :keyOrdered OR NOT EXISTS (
                                SELECT 1 FROM outbox f
                                WHERE f.transport = o.transport AND f.routing_key = o.routing_key AND f.id < o.id
                                  AND f.published_at IS NULL AND f.next_attempt_at > now()))
                        ORDER BY id
                        LIMIT :limit
                        FOR UPDATE SKIP LOCKED""")
                .bind("transport", transport.transport().name())
                .bind("keyOrdered", transport.transport() == Transport.KAFKA)
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
                .flatMap(results -> {
                    List<Long> confirmed = results.stream().filter(OutboxTransport.Result::isConfirmed)
                            .map(OutboxTransport.Result::id).toList();
                    Map<Long, OutboxRecord> byId = batch.stream()
                            .collect(Collectors.toMap(OutboxRecord::id, Function.identity()));
                    return Flux.fromIterable(results)
                            .filter(result -> !result.isConfirmed() && byId.containsKey(result.id()))
                            .concatMap(result -> markRefused(byId.get(result.id()), result.failure()))
                            .then(markPublished(batch, confirmed, results.size()));
                });
    }

    private Mono<Integer> markPublished(List<OutboxRecord> batch, List<Long> confirmed, int answered) {
        int unanswered = batch.size() - answered;
        if (unanswered > 0) {
            log.warn("{} of {} {} outbox rows got no answer from the broker; they will be published again",
                    unanswered, batch.size(), transport.transport());
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

    /**
     * Records a refusal: the error, one attempt more, and when to try again — or, for a permanent failure or the
     * last attempt, parks the row ({@code next_attempt_at = infinity}) with an incident.
     */
    private Mono<Void> markRefused(OutboxRecord record, Throwable failure) {
        boolean permanent = !Failures.isTransient(failure) && failure instanceof Failures.PermanentFailure;
        String error = String.valueOf(failure.getMessage() == null ? failure.toString() : failure.getMessage());
        return db.sql("""
                        UPDATE outbox SET attempts = attempts + 1, last_error = :error,
                            next_attempt_at = CASE WHEN :permanent OR attempts + 1 >= :maxAttempts
                                THEN 'infinity'::timestamptz
                                ELSE now() + make_interval(secs => LEAST(:maxBackoff, :firstBackoff * power(2, attempts)))
                            END
                        WHERE id = :id
                        RETURNING attempts, next_attempt_at = 'infinity'::timestamptz AS parked""")
                .bind("id", record.id())
                .bind("error", error)
                .bind("permanent", permanent)
                .bind("maxAttempts", settings.maxAttempts())
                .bind("firstBackoff", settings.rowBackoff().toMillis() / 1000.0)
                .bind("maxBackoff", settings.maxRowBackoff().toMillis() / 1000.0)
                .map(row -> Map.entry(row.get("attempts", Integer.class), row.get("parked", Boolean.class)))
                .one()
                .flatMap(state -> {
                    meters.counter("moku.outbox.refused", "transport", transport.transport().name(),
                            "permanent", String.valueOf(permanent)).increment();
                    if (!state.getValue()) {
                        log.warn("{} outbox row {} ({}) refused, attempt {} of {}, tried again later: {}",
                                transport.transport(), record.id(), record.messageType(), state.getKey(),
                                settings.maxAttempts(), error);
                        return Mono.empty();
                    }
                    return park(record, error, permanent, state.getKey());
                });
    }

    private Mono<Void> park(OutboxRecord record, String error, boolean permanent, int attempts) {
        log.error("{} outbox row {} ({} to {} / {}) cannot be published ({}); parked with an incident: {}",
                transport.transport(), record.id(), record.messageType(), record.destination(), record.routingKey(),
                permanent ? "refused for good" : attempts + " attempts", error);
        meters.counter("moku.outbox.parked", "transport", transport.transport().name()).increment();
        Incident.Draft draft = new Incident.Draft(IncidentKind.OUTBOX_UNPUBLISHABLE, record.messageId().toString(),
                "outbox row " + record.id() + " (" + record.messageType() + " to " + transport.transport() + " "
                        + record.destination() + " / " + record.routingKey() + ") could not be published"
                        + (permanent ? " (refused for good)" : " after " + attempts + " attempts") + ": " + error,
                record.payload(), attempts);
        // An incident about an incident's own announcement is not announced: it would go the same way.
        boolean announce = !MessageTypes.INCIDENT_REGISTERED.equals(record.messageType());
        return incidents.register(draft, announce).then();
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
