package ru.moku.gateway.outcome;

import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.InstanceStatus;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Closes an integration instance with card-processor's outcome and brings its raw message up to
 * date (ARCHITECTURE.md §5): 3 when all its instances are processed, -3 when all are settled and
 * one failed, 2 while any is still in progress.
 *
 * <p>Runs in the consumer's transaction (with the inbox). The raw message row is locked first, so
 * outcomes of one message are applied one after another: each recomputes the raw status from
 * what the previous one committed, and two outcomes arriving together cannot leave it at 2.
 */
public final class CardOutcomeHandler implements MessageHandler<CardOutcome> {

    private static final Logger log = LoggerFactory.getLogger(CardOutcomeHandler.class);

    private final DatabaseClient db;

    public CardOutcomeHandler(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Mono<Void> handle(Envelope<CardOutcome> message) {
        CardOutcome outcome = message.data();
        if (outcome.cardId() == null || outcome.result() == null) {
            return Mono.error(new Failures.PermanentFailure("card outcome without card id or result: " + outcome));
        }
        return lockRawMessageOf(outcome.cardId())
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure(
                        "card outcome for unknown integration instance " + outcome.cardId())))
                .flatMap(rawMessageId -> settleInstance(outcome)
                        .then(recomputeRawStatus(rawMessageId))
                        .doOnSuccess(v -> log.debug("Instance {} of raw message {} settled: {}", outcome.cardId(),
                                rawMessageId, outcome.result())));
    }

    private Mono<UUID> lockRawMessageOf(UUID cardId) {
        return db.sql("""
                        SELECT r.id FROM integration_instance i JOIN raw_message r ON r.id = i.raw_message_id
                        WHERE i.id = :cardId
                        FOR UPDATE OF r""")
                .bind("cardId", cardId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    private Mono<Void> settleInstance(CardOutcome outcome) {
        InstanceStatus status = outcome.result() == CardOutcome.Result.REJECTED
                ? InstanceStatus.FAILED : InstanceStatus.PROCESSED;
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        UPDATE integration_instance
                        SET status = :status, outcome = :outcome, error = :reason, updated_at = now()
                        WHERE id = :cardId""")
                .bind("cardId", outcome.cardId())
                .bind("status", status.code())
                .bind("outcome", outcome.result().name());
        update = outcome.reason() == null ? update.bindNull("reason", String.class) : update.bind("reason", outcome.reason());
        return update.fetch().rowsUpdated().then();
    }

    /** One statement over the aggregates of the (locked) raw message's instances. */
    private Mono<Void> recomputeRawStatus(UUID rawMessageId) {
        return db.sql("""
                        UPDATE raw_message r
                        SET status = CASE WHEN agg.all_processed THEN :processed
                                          WHEN agg.all_settled THEN :processedWithErrors
                                          ELSE :split END,
                            updated_at = now()
                        FROM (SELECT bool_and(status = :instanceProcessed) AS all_processed,
                                     bool_and(status IN (:instanceProcessed, :instanceFailed)) AS all_settled
                              FROM integration_instance WHERE raw_message_id = :rawMessageId) agg
                        WHERE r.id = :rawMessageId AND r.status IN (:split, :processed, :processedWithErrors)""")
                .bind("rawMessageId", rawMessageId)
                .bind("processed", RawMessageStatus.PROCESSED.code())
                .bind("processedWithErrors", RawMessageStatus.PROCESSED_WITH_ERRORS.code())
                .bind("split", RawMessageStatus.SPLIT.code())
                .bind("instanceProcessed", InstanceStatus.PROCESSED.code())
                .bind("instanceFailed", InstanceStatus.FAILED.code())
                .fetch().rowsUpdated().then();
    }
}
