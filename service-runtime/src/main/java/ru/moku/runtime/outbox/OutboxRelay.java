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
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;

/**
 * Publishes the outbox: claims a batch of unpublished rows of one transport with
 * {@code FOR UPDATE SKIP LOCKED}, publishes them with broker confirms, deletes the confirmed ones (or, with
 * {@code keep-published}, marks them published), commits. Any number of instances may relay at once: a row locked by
 * one is skipped by the others, so a row is published twice only if an instance dies between the confirm and the
 * commit (consumers de-duplicate on the message id; the contract is at-least-once).
 *
 * <p>The relay runs when it is woken ({@link OutboxWakeups}: after a local commit that appended rows, or a
 * {@code NOTIFY} from another replica), at start, and every {@code poll-interval} as a safety net (and for rows
 * waiting their {@code next_attempt_at}). A full batch is followed by the next one at once. Wake-ups that arrive while
 * a batch runs are coalesced into one more look.
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
    private final OutboxWakeups wakeups;
    private volatile Run run;

    /** A relay that only polls (no wake-ups). */
    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxTransport transport,
                       MessagingProperties.Outbox settings, MeterRegistry meters, Incidents incidents) {
        this(db, tx, transport, settings, meters, incidents, null);
    }

    /** A relay woken by {@code wakeups} (may be null: it then only polls). */
    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, OutboxTransport transport,
                       MessagingProperties.Outbox settings, MeterRegistry meters, Incidents incidents,
                       OutboxWakeups wakeups) {
        this.wakeups = wakeups;
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.db = Objects.requireNonNull(db, "db");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * Relays one batch: claims, publishes, deletes (or marks) the confirmed rows. Emits the number of rows published.
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
        // Deleting (not updating) leaves one dead tuple per row instead of a non-HOT update plus the purge later.
        String sql = settings.keepPublished()
                ? "UPDATE outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(:ids)"
                : "DELETE FROM outbox WHERE id = ANY(:ids)";
        return db.sql(sql)
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

    /** Batches until one is not full (more may be waiting behind a full one); emits the rows published. */
    private Mono<Integer> drain(Run run) {
        return relayBatch()
                .expand(published -> published >= settings.batchSize() && !run.stopping ? relayBatch() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    /**
     * What makes the relay look: its start (and each restart after a failure), a wake-up, and the safety poll, until
     * {@code stop}.
     */
    static Flux<Object> triggers(Flux<?> wakeups, Duration pollInterval, Mono<Void> stop) {
        return Flux.merge(Flux.just((Object) "start"), wakeups.cast(Object.class), Flux.interval(pollInterval))
                .takeUntilOther(stop);
    }

    /**
     * Runs {@code look} once per trigger, one at a time. Triggers that arrive while a look runs are coalesced: the
     * latest one is kept and runs one more look afterwards (the rows it announced may have been committed after the
     * running look's query), the others are dropped.
     */
    static <T> Flux<T> coalesced(Flux<Object> triggers, java.util.function.Supplier<Mono<T>> look) {
        // No prefetch: a trigger is taken only when the previous look is over, so the latest waits meanwhile.
        return triggers.onBackpressureLatest().concatMap(trigger -> look.get(), 0);
    }

    @Override
    public synchronized void start() {
        if (run != null || !settings.enabled()) {
            return;
        }
        Run started = new Run();
        Flux<?> woken = wakeups == null ? Flux.empty() : wakeups.signals(transport.transport());
        Flux<Integer> relayLoop = Flux.defer(() -> coalesced(
                        triggers(woken, settings.pollInterval(), started.stop.asMono()), () -> drain(started)))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.failureBackoff())
                        .maxBackoff(settings.maxFailureBackoff())
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("{} outbox relay retries after: {}",
                                transport.transport(), signal.failure().toString())));
        Flux<Long> purgeLoop = Flux.interval(settings.purgeInterval())
                .onBackpressureDrop()
                .takeUntilOther(started.stop.asMono())
                .concatMap(tick -> purgePublished().onErrorResume(e -> {
                    log.warn("Outbox purge failed, next try in {}: {}", settings.purgeInterval(), e.toString());
                    return Mono.empty();
                }), 0);
        started.subscription = Flux.merge(relayLoop.then(), purgeLoop.then())
                .doFinally(signal -> {
                    transport.close();
                    started.done.tryEmitEmpty();
                })
                .subscribe(null, error -> log.error("{} outbox relay stopped", transport.transport(), error));
        run = started;
        log.info("{} outbox relay started (batch {}, safety poll {}, {})", transport.transport(),
                settings.batchSize(), settings.pollInterval(), wakeups == null ? "not woken" : "woken after commits");
    }

    /** Stops at once: a batch in flight is cut short (rolled back, published again later). */
    @Override
    public synchronized void stop() {
        Run stopped = run;
        run = null;
        if (stopped != null) {
            stopped.stopping = true;
            stopped.stop.tryEmitEmpty();
            stopped.subscription.dispose();
        }
    }

    /**
     * Stops after the batch in flight, if any, has been published and committed — for at most
     * {@code outbox.drain-timeout}, after which it is cut short (rolled back; its rows are published again by whoever
     * relays next: at least once). Asynchronous: {@code callback} runs when the relay has stopped.
     */
    @Override
    public void stop(Runnable callback) {
        Run stopping;
        synchronized (this) {
            stopping = run;
            run = null;
        }
        if (stopping == null) {
            callback.run();
            return;
        }
        stopping.stopping = true;
        stopping.stop.tryEmitEmpty();
        stopping.done.asMono()
                .timeout(settings.drainTimeout(), Mono.fromRunnable(() -> {
                    log.warn("{} outbox relay did not finish its batch within {}; cut short, published again later",
                            transport.transport(), settings.drainTimeout());
                    stopping.subscription.dispose();
                }))
                .doFinally(signal -> callback.run())
                .subscribe(null, error -> log.warn("{} outbox relay stop: {}", transport.transport(), error.toString()));
    }

    @Override
    public boolean isRunning() {
        Run current = run;
        return current != null && !current.subscription.isDisposed();
    }

    /** One run of the relay, from start to stop. */
    private static final class Run {
        final Sinks.Empty<Void> stop = Sinks.empty();
        final Sinks.Empty<Void> done = Sinks.empty();
        volatile boolean stopping;
        volatile Disposable subscription;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
