package ru.moku.gateway.operator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.IntakeRepository.LockedRawMessage;
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
 * The statements (and their locks) are {@link IntakeRepository}'s; this class holds the flow.
 */
public class Reprocessing {

    private static final Logger log = LoggerFactory.getLogger(Reprocessing.class);

    private final TransactionalOperator tx;
    private final IntakeRepository store;
    private final SmevResponseReader reader;
    private final ServiceDataMapper mapper;
    private final Scheduler xmlWorkers;

    public Reprocessing(TransactionalOperator tx, IntakeRepository store, SmevResponseReader reader,
                        ServiceDataMapper mapper, Scheduler xmlWorkers) {
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
        return tx.transactional(store.lockRaw(rawMessageId)
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
        return store.rawMessagesWithFailedInstances(filter.failedBefore(), filter.maxAttempts(), batchSize)
                .concatMap(rawMessageId -> tx.transactional(store.lockRawUnlessLocked(rawMessageId)
                        .flatMap(raw -> republishFailed(raw, filter))
                        .map(result -> result.republished().size())))
                .reduce(0, Integer::sum);
    }

    /** Re-publishes the failed instances matching {@code filter}; empty when there are none. */
    private Mono<ReprocessResult> republishFailed(LockedRawMessage raw, FailedFilter filter) {
        return store.lockFailedCards(raw.id(), filter.failedBefore(), filter.maxAttempts())
                .concatMap(card -> store.publish(card)
                        .then(store.markRepublished(card.cardId()))
                        .thenReturn(card.cardId()))
                .collectList()
                .filter(republished -> !republished.isEmpty())
                .flatMap(republished -> reopen(raw.id())
                        .doOnSuccess(v -> log.info("Raw message {}: re-published {} failed instance(s)", raw.id(),
                                republished.size()))
                        .thenReturn(new ReprocessResult(raw.id(), false, republished,
                                StatusView.of(RawMessageStatus.SPLIT))));
    }

    /** Back to 2: at least one of its instances is in progress again. */
    private Mono<Void> reopen(UUID rawMessageId) {
        return store.updateRawStatus(rawMessageId, RawMessageStatus.SPLIT, null);
    }

    /** Splits a -2 raw message again from its stored body (e.g. after a fix was released). */
    private Mono<ReprocessResult> resplit(LockedRawMessage raw) {
        return Mono.fromCallable(() -> split(raw))
                .subscribeOn(xmlWorkers)
                .flatMap(cards -> Flux.fromIterable(cards).concatMap(store::handOver)
                        .then(store.updateRawStatus(raw.id(), RawMessageStatus.SPLIT, null))
                        .doOnSuccess(v -> log.info("Raw message {}: split again into {} card(s)", raw.id(), cards.size()))
                        .thenReturn(new ReprocessResult(raw.id(), true, cards.stream().map(ServiceCard::cardId).toList(),
                                StatusView.of(RawMessageStatus.SPLIT))));
    }

    private List<ServiceCard> split(LockedRawMessage raw) {
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

    /** Which failed instances to re-drive: failed before a moment, published fewer times than a bound. */
    private record FailedFilter(OffsetDateTime failedBefore, int maxAttempts) {

        /** The operator's filter: every failed instance, however often it was published. */
        static final FailedFilter ALL = new FailedFilter(OffsetDateTime.of(9999, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                Integer.MAX_VALUE);
    }
}
