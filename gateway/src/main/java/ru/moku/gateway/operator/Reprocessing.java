package ru.moku.gateway.operator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.gateway.intake.InstanceStatus;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.ServiceDataMapper;
import ru.moku.gateway.intake.SmevReading;
import ru.moku.gateway.intake.SmevResponseReader;
import ru.moku.gateway.intake.SplitException;
import ru.moku.model.intake.ServiceCard;

/**
 * Reprocessing (seed 002 mechanism, ARCHITECTURE.md §5): re-publishes the cards of failed
 * integration instances — through the outbox, with a new envelope id and the same card id — and
 * sets them back to "in progress" and their raw message to 2; a raw message whose split failed (-2)
 * is split again from its stored body.
 *
 * <p>Each raw message is re-driven in one transaction that first locks its row, the same lock the
 * outcome consumer takes, so a re-drive and an arriving outcome never interleave. Re-driving is
 * idempotent: once re-published an instance is no longer failed, so a second call finds nothing.
 */
public class Reprocessing {

    private static final Logger log = LoggerFactory.getLogger(Reprocessing.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final IntakeRepository store;
    private final SmevResponseReader reader;
    private final ServiceDataMapper mapper;
    private final Scheduler xmlWorkers;

    public Reprocessing(DatabaseClient db, TransactionalOperator tx, IntakeRepository store, SmevResponseReader reader,
                        ServiceDataMapper mapper, Scheduler xmlWorkers) {
        this.db = Objects.requireNonNull(db, "db");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.store = Objects.requireNonNull(store, "store");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
    }

    /**
     * The operator's action: re-drives every failed instance of the raw message, or re-splits it
     * when its split failed. Errors: 404 for an unknown id, 409 when nothing failed, 422 when the
     * split fails again.
     */
    public Mono<ReprocessResult> reprocess(UUID rawMessageId) {
        return tx.transactional(lock(rawMessageId, false)
                .switchIfEmpty(Mono.error(() -> OperatorProblems.notFound(rawMessageId)))
                .flatMap(raw -> raw.status() == RawMessageStatus.SPLIT_FAILED
                        ? resplit(raw)
                        : republishFailed(raw, FailedFilter.ALL)
                                .switchIfEmpty(Mono.error(() -> OperatorProblems.nothingToReprocess(
                                        rawMessageId, raw.status())))));
    }

    /**
     * The periodic job's run: re-drives instances failed for longer than {@code failedAfter} and
     * published fewer than {@code maxAttempts} times, for at most {@code batchSize} raw messages.
     * Raw messages locked by someone else (another pod's job, an outcome) are skipped this time.
     *
     * @return the number of instances re-published
     */
    public Mono<Integer> reprocessDue(Duration failedAfter, int maxAttempts, int batchSize) {
        FailedFilter filter = new FailedFilter(OffsetDateTime.now(ZoneOffset.UTC).minus(failedAfter), maxAttempts);
        return dueRawMessages(filter, batchSize)
                .concatMap(rawMessageId -> tx.transactional(lock(rawMessageId, true)
                        .flatMap(raw -> republishFailed(raw, filter))
                        .map(result -> result.republished().size())))
                .reduce(0, Integer::sum);
    }

    private Flux<UUID> dueRawMessages(FailedFilter filter, int batchSize) {
        return db.sql("""
                        SELECT DISTINCT raw_message_id FROM integration_instance
                        WHERE status = :failed AND updated_at < :failedBefore AND publish_count < :maxAttempts
                        LIMIT :limit""")
                .bind("failed", InstanceStatus.FAILED.code())
                .bind("failedBefore", filter.failedBefore())
                .bind("maxAttempts", filter.maxAttempts())
                .bind("limit", batchSize)
                .map(row -> row.get("raw_message_id", UUID.class))
                .all();
    }

    private Mono<LockedRaw> lock(UUID rawMessageId, boolean skipLocked) {
        return db.sql("SELECT id, smev_message_id, status, body FROM raw_message WHERE id = :id FOR UPDATE"
                        + (skipLocked ? " SKIP LOCKED" : ""))
                .bind("id", rawMessageId)
                .map(row -> new LockedRaw(
                        row.get("id", UUID.class),
                        row.get("smev_message_id", String.class),
                        RawMessageStatus.ofCode(row.get("status", Short.class)),
                        row.get("body", String.class)))
                .one();
    }

    /** Re-publishes the failed instances matching {@code filter}; empty when there are none. */
    private Mono<ReprocessResult> republishFailed(LockedRaw raw, FailedFilter filter) {
        return failedInstances(raw.id(), filter)
                .concatMap(instance -> store.publish(store.cardOf(instance.cardJson()))
                        .then(markInProgress(instance.id()))
                        .thenReturn(instance.id()))
                .collectList()
                .filter(republished -> !republished.isEmpty())
                .flatMap(republished -> reopen(raw.id())
                        .doOnSuccess(v -> log.info("Raw message {}: re-published {} failed instance(s)", raw.id(),
                                republished.size()))
                        .thenReturn(new ReprocessResult(raw.id(), false, republished,
                                StatusView.of(RawMessageStatus.SPLIT))));
    }

    private Flux<FailedInstance> failedInstances(UUID rawMessageId, FailedFilter filter) {
        return db.sql("""
                        SELECT id, card_json FROM integration_instance
                        WHERE raw_message_id = :rawMessageId AND status = :failed
                          AND updated_at < :failedBefore AND publish_count < :maxAttempts
                        ORDER BY position
                        FOR UPDATE""")
                .bind("rawMessageId", rawMessageId)
                .bind("failed", InstanceStatus.FAILED.code())
                .bind("failedBefore", filter.failedBefore())
                .bind("maxAttempts", filter.maxAttempts())
                .map(row -> new FailedInstance(row.get("id", UUID.class), row.get("card_json", String.class)))
                .all();
    }

    private Mono<Void> markInProgress(UUID instanceId) {
        return db.sql("""
                        UPDATE integration_instance
                        SET status = :inProgress, outcome = NULL, error = NULL, publish_count = publish_count + 1,
                            updated_at = now()
                        WHERE id = :id""")
                .bind("id", instanceId)
                .bind("inProgress", InstanceStatus.IN_PROGRESS.code())
                .fetch().rowsUpdated().then();
    }

    /** Back to 2: at least one of its instances is in progress again. */
    private Mono<Void> reopen(UUID rawMessageId) {
        return store.updateRawStatus(rawMessageId, RawMessageStatus.SPLIT, null);
    }

    /** Splits a -2 raw message again from its stored body (e.g. after a fix was released). */
    private Mono<ReprocessResult> resplit(LockedRaw raw) {
        return Mono.fromCallable(() -> split(raw))
                .subscribeOn(xmlWorkers)
                .flatMap(cards -> Flux.fromIterable(cards).concatMap(store::handOver)
                        .then(store.updateRawStatus(raw.id(), RawMessageStatus.SPLIT, null))
                        .doOnSuccess(v -> log.info("Raw message {}: split again into {} card(s)", raw.id(), cards.size()))
                        .thenReturn(new ReprocessResult(raw.id(), true, cards.stream().map(ServiceCard::cardId).toList(),
                                StatusView.of(RawMessageStatus.SPLIT))));
    }

    private List<ServiceCard> split(LockedRaw raw) {
        SmevReading reading = reader.read(raw.body());
        if (reading instanceof SmevReading.Invalid invalid) {
            throw OperatorProblems.splitFailedAgain(raw.id(), invalid.problem().type().slug() + ": "
                    + invalid.problem().detail());
        }
        SmevReading.Valid valid = (SmevReading.Valid) reading;
        try {
            return mapper.split(valid.serviceData(), raw.id(), valid.smevMessageId());
        } catch (SplitException e) {
            throw OperatorProblems.splitFailedAgain(raw.id(), e.getMessage());
        }
    }

    private record LockedRaw(UUID id, String smevMessageId, RawMessageStatus status, String body) {
    }

    private record FailedInstance(UUID id, String cardJson) {
    }

    /** Which failed instances to re-drive: failed before a moment, published fewer times than a bound. */
    private record FailedFilter(OffsetDateTime failedBefore, int maxAttempts) {

        /** The operator's filter: every failed instance, however often it was published. */
        static final FailedFilter ALL = new FailedFilter(OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Integer.MAX_VALUE);
    }
}
