package ru.moku.gateway.intake;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import ru.moku.gateway.GatewayApplication;
import ru.moku.gateway.answers.SmevAnswer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.outbox.Outbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store of the intake tables ({@code raw_message}, {@code integration_instance}): every write and every row lock
 * on them — the intake storing a message, card-processor's outcome settling an instance, reprocessing re-publishing
 * one — and the hand-off of cards to card-processor through the outbox. Every method joins the caller's transaction
 * (a lock is held until it ends); the outbox refuses to write outside one. The operator API reads the same tables
 * through {@code RawMessageRepository}.
 *
 * <p>Locking order: a raw message's row before its instances' rows, in every transaction that changes both, so that
 * an outcome and a re-drive of one message are serialised and never deadlock.
 */
public class IntakeRepository {

    private final DatabaseClient db;
    private final Outbox outbox;
    private final JsonMapper json;

    public IntakeRepository(DatabaseClient db, Outbox outbox, JsonMapper json) {
        this.db = Objects.requireNonNull(db, "db");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * Inserts a raw message unless one with the same SMEV message id exists.
     *
     * @return {@code true} if inserted, {@code false} for a duplicate (nothing written)
     */
    public Mono<Boolean> insertRaw(UUID id, String smevMessageId, Source source, String body,
                                   RawMessageStatus status, ProblemType problemType, String error) {
        GenericExecuteSpec insert = db.sql("""
                        INSERT INTO raw_message (id, smev_message_id, source, body, status, problem_type, error)
                        VALUES (:id, :smevMessageId, :source, :body, :status, :problemType, :error)
                        ON CONFLICT (smev_message_id) DO NOTHING""")
                .bind("id", id)
                .bind("source", source.name())
                .bind("body", storable(body))
                .bind("status", status.code());
        insert = nullable(insert, "smevMessageId", smevMessageId);
        insert = nullable(insert, "problemType", problemType == null ? null : problemType.slug());
        insert = nullable(insert, "error", storable(error));
        return insert.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /**
     * Inserts split raw messages (status {@link RawMessageStatus#SPLIT}) in one statement, skipping each whose SMEV
     * message id is stored already (or comes earlier in {@code raws}) — the group commit's {@link #insertRaw}.
     *
     * @return the ids of the rows inserted; a message whose id is missing is a duplicate (nothing written for it)
     */
    public Mono<Set<UUID>> insertSplitRaws(List<NewRaw> raws) {
        int n = raws.size();
        UUID[] ids = new UUID[n];
        String[] smevMessageIds = new String[n];
        String[] sources = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            NewRaw raw = raws.get(i);
            ids[i] = raw.id();
            smevMessageIds[i] = raw.smevMessageId();
            sources[i] = raw.source().name();
            bodies[i] = storable(raw.body());
        }
        // WITH ORDINALITY + ORDER BY: of two rows with one SMEV id in a group, the first one is kept.
        return db.sql("""
                        INSERT INTO raw_message (id, smev_message_id, source, body, status)
                        SELECT u.id, u.smev_message_id, u.source, u.body, :status
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:smevMessageIds AS text[]), CAST(:sources AS text[]),
                                    CAST(:bodies AS text[])) WITH ORDINALITY AS u(id, smev_message_id, source, body, n)
                        ORDER BY u.n
                        ON CONFLICT (smev_message_id) DO NOTHING
                        RETURNING id""")
                .bind("ids", ids)
                .bind("smevMessageIds", smevMessageIds)
                .bind("sources", sources)
                .bind("bodies", bodies)
                .bind("status", RawMessageStatus.SPLIT.code())
                .map(row -> row.get("id", UUID.class))
                .all()
                .collect(Collectors.toSet());
    }

    /**
     * Creates the integration instances of {@code cards} (status 1) in one statement and appends one outbox message
     * per card, in the caller's transaction: the group commit's {@link #handOver}.
     */
    public Mono<Void> handOver(List<ServiceCard> cards) {
        if (cards.isEmpty()) {
            return Mono.empty();
        }
        int n = cards.size();
        UUID[] ids = new UUID[n];
        UUID[] rawMessageIds = new UUID[n];
        Integer[] positions = new Integer[n];
        String[] cardJson = new String[n];
        for (int i = 0; i < n; i++) {
            ServiceCard card = cards.get(i);
            ids[i] = card.cardId();
            rawMessageIds[i] = card.rawMessageId();
            positions[i] = card.position();
            cardJson[i] = json.writeValueAsString(card);
        }
        return db.sql("""
                        INSERT INTO integration_instance (id, raw_message_id, position, status, card_json)
                        SELECT u.id, u.raw_message_id, u.position, :status, u.card_json
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:rawMessageIds AS uuid[]), CAST(:positions AS int[]),
                                    CAST(:cardJson AS text[])) AS u(id, raw_message_id, position, card_json)""")
                .bind("ids", ids)
                .bind("rawMessageIds", rawMessageIds)
                .bind("positions", positions)
                .bind("cardJson", cardJson)
                .bind("status", InstanceStatus.IN_PROGRESS.code())
                .fetch().rowsUpdated()
                .then(outbox.toRabbit(Destinations.SERVICE_CARDS, cards.stream().map(IntakeRepository::envelope)
                        .toList()));
    }

    /** The raw messages stored under SMEV message ids, by SMEV message id. */
    public Mono<Map<String, UUID>> rawMessageIdsOf(Collection<String> smevMessageIds) {
        if (smevMessageIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT smev_message_id, id FROM raw_message WHERE smev_message_id = ANY(CAST(:ids AS text[]))")
                .bind("ids", smevMessageIds.toArray(String[]::new))
                .map(row -> Map.entry(row.get("smev_message_id", String.class), row.get("id", UUID.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** Records what an SMEV answer without service data says, for its raw message (status 4). */
    public Mono<Void> insertAnswer(SmevAnswer answer) {
        GenericExecuteSpec insert = db.sql("""
                        INSERT INTO smev_answer (raw_message_id, kind, original_message_id, code, description)
                        VALUES (:rawMessageId, :kind, :originalMessageId, :code, :description)""")
                .bind("rawMessageId", answer.rawMessageId())
                .bind("kind", answer.kind().name())
                .bind("code", storable(answer.code()));
        insert = nullable(insert, "originalMessageId", answer.originalMessageId());
        insert = nullable(insert, "description", storable(answer.description()));
        return insert.fetch().rowsUpdated().then();
    }

    /** The id of the raw message stored under an SMEV message id. */
    public Mono<UUID> rawMessageIdOf(String smevMessageId) {
        return db.sql("SELECT id FROM raw_message WHERE smev_message_id = :smevMessageId")
                .bind("smevMessageId", smevMessageId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Sets the status (and error) of a raw message. */
    public Mono<Void> updateRawStatus(UUID rawMessageId, RawMessageStatus status, String error) {
        return nullable(db.sql("UPDATE raw_message SET status = :status, error = :error, updated_at = now() WHERE id = :id")
                        .bind("id", rawMessageId)
                        .bind("status", status.code()), "error", storable(error))
                .fetch().rowsUpdated().then();
    }

    /**
     * Creates the integration instance of a card (status 1, "in progress") and publishes the card,
     * in the caller's transaction (seed 000 step 4).
     */
    public Mono<Void> handOver(ServiceCard card) {
        return db.sql("""
                        INSERT INTO integration_instance (id, raw_message_id, position, status, card_json)
                        VALUES (:id, :rawMessageId, :position, :status, :cardJson)""")
                .bind("id", card.cardId())
                .bind("rawMessageId", card.rawMessageId())
                .bind("position", card.position())
                .bind("status", InstanceStatus.IN_PROGRESS.code())
                .bind("cardJson", json.writeValueAsString(card))
                .fetch().rowsUpdated()
                .then(publish(card));
    }

    /**
     * Publishes a card: a new envelope (new message id) whose chain is the card id, so a re-published
     * card is a new message for card-processor's inbox but the same card for its store.
     */
    public Mono<Void> publish(ServiceCard card) {
        return outbox.toRabbit(Destinations.SERVICE_CARDS, envelope(card));
    }

    private static Envelope<ServiceCard> envelope(ServiceCard card) {
        return Envelope.create(MessageTypes.SERVICE_CARD, GatewayApplication.MESSAGE_SOURCE, card.cardId(), null,
                card.cardId().toString(), card);
    }

    /**
     * Locks a raw message ({@code FOR UPDATE}) for the caller's transaction, waiting while another one holds it.
     *
     * @return the locked raw message; empty if there is none with {@code id}
     */
    public Mono<LockedRawMessage> lockRaw(UUID id) {
        return lockRaw(id, "");
    }

    /**
     * Locks a raw message like {@link #lockRaw}, but passes over one that another transaction holds ({@code SKIP
     * LOCKED}): for the periodic job, which leaves it to the next run.
     *
     * @return the locked raw message; empty if there is none with {@code id} or another transaction holds it
     */
    public Mono<LockedRawMessage> lockRawUnlessLocked(UUID id) {
        return lockRaw(id, " SKIP LOCKED");
    }

    private Mono<LockedRawMessage> lockRaw(UUID id, String skipLocked) {
        return db.sql("SELECT id, smev_message_id, status, body FROM raw_message WHERE id = :id FOR UPDATE" + skipLocked)
                .bind("id", id)
                .map(row -> new LockedRawMessage(
                        row.get("id", UUID.class),
                        row.get("smev_message_id", String.class),
                        RawMessageStatus.ofCode(row.get("status", Short.class)),
                        row.get("body", String.class)))
                .one();
    }

    /**
     * Locks the raw message of an integration instance ({@code FOR UPDATE} of the raw message's row only), waiting
     * while another transaction holds it.
     *
     * @return the raw message's id; empty if there is no instance {@code instanceId}
     */
    public Mono<UUID> lockRawOfInstance(UUID instanceId) {
        return db.sql("""
                        SELECT r.id FROM integration_instance i JOIN raw_message r ON r.id = i.raw_message_id
                        WHERE i.id = :instanceId
                        FOR UPDATE OF r""")
                .bind("instanceId", instanceId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /**
     * Brings a raw message that is split (2, 3 or -3) up to date with its instances, in one statement over their
     * aggregates: {@link RawMessageStatus#PROCESSED} when all are processed, {@link
     * RawMessageStatus#PROCESSED_WITH_ERRORS} when all are settled and one failed, {@link RawMessageStatus#SPLIT}
     * while any is in progress. Call it with the raw message locked, so concurrent outcomes see each other's result.
     */
    public Mono<Void> settleRawStatus(UUID rawMessageId) {
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

    /**
     * Closes an integration instance with card-processor's outcome: its status, the outcome and the reason — only if
     * the outcome answers the instance's current publication ({@code attempt} = its {@code publish_count}; a
     * {@code null} attempt is not checked).
     *
     * @return whether the instance was closed; {@code false} for the outcome of an earlier publication
     */
    public Mono<Boolean> settleInstance(UUID instanceId, InstanceStatus status, CardOutcome.Result outcome,
                                        String reason, Integer attempt) {
        GenericExecuteSpec spec = nullable(db.sql("""
                                UPDATE integration_instance
                                SET status = :status, outcome = :outcome, error = :reason, updated_at = now()
                                WHERE id = :instanceId AND (:anyAttempt OR publish_count = :attempt)""")
                        .bind("instanceId", instanceId)
                        .bind("status", status.code())
                        .bind("outcome", outcome.name()), "reason", reason)
                .bind("anyAttempt", attempt == null)
                .bind("attempt", attempt == null ? 0 : attempt);
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    /**
     * Raw messages (at most {@code limit}) with an instance failed since before {@code failedBefore} and published
     * fewer than {@code maxAttempts} times. Nothing is locked: each is locked on its own when it is re-driven.
     */
    public Flux<UUID> rawMessagesWithFailedInstances(OffsetDateTime failedBefore, int maxAttempts, int limit) {
        return db.sql("""
                        SELECT DISTINCT raw_message_id FROM integration_instance
                        WHERE status = :failed AND updated_at < :failedBefore AND publish_count < :maxAttempts
                        LIMIT :limit""")
                .bind("failed", InstanceStatus.FAILED.code())
                .bind("failedBefore", failedBefore)
                .bind("maxAttempts", maxAttempts)
                .bind("limit", limit)
                .map(row -> row.get("raw_message_id", UUID.class))
                .all();
    }

    /**
     * The cards, as they were published, of a raw message's instances failed since before {@code failedBefore} and
     * published fewer than {@code maxAttempts} times, in card order; their rows are locked ({@code FOR UPDATE}).
     */
    public Flux<ServiceCard> lockFailedCards(UUID rawMessageId, OffsetDateTime failedBefore, int maxAttempts) {
        return db.sql("""
                        SELECT card_json, publish_count FROM integration_instance
                        WHERE raw_message_id = :rawMessageId AND status = :failed
                          AND updated_at < :failedBefore AND publish_count < :maxAttempts
                        ORDER BY position
                        FOR UPDATE""")
                .bind("rawMessageId", rawMessageId)
                .bind("failed", InstanceStatus.FAILED.code())
                .bind("failedBefore", failedBefore)
                .bind("maxAttempts", maxAttempts)
                // Published again as the next attempt (markRepublished counts it), so that a late outcome of an
                // earlier one is told apart.
                .map(row -> storedCard(row).withAttempt(row.get("publish_count", Integer.class) + 1))
                .all();
    }

    /** A re-published instance is in progress again: no outcome, no error, one publication more. */
    public Mono<Void> markRepublished(UUID instanceId) {
        return db.sql("""
                        UPDATE integration_instance
                        SET status = :inProgress, outcome = NULL, error = NULL, publish_count = publish_count + 1,
                            updated_at = now()
                        WHERE id = :instanceId""")
                .bind("instanceId", instanceId)
                .bind("inProgress", InstanceStatus.IN_PROGRESS.code())
                .fetch().rowsUpdated().then();
    }

    /** The card as it was published, from its stored JSON. */
    private ServiceCard storedCard(Readable row) {
        return json.readValue(row.get("card_json", String.class), ServiceCard.class);
    }

    private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    /** PostgreSQL text cannot hold NUL; a body with one is still kept, with the NULs made visible. */
    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    /**
     * A raw message locked for the caller's transaction.
     *
     * @param id            the raw message
     * @param smevMessageId SMEV's message id, {@code null} when it could not be read
     * @param status        its status when it was locked
     * @param body          the body as received
     */
    public record LockedRawMessage(UUID id, String smevMessageId, RawMessageStatus status, String body) {
    }

    /**
     * A raw message for {@link #insertSplitRaws}.
     *
     * @param id            the raw message's id
     * @param smevMessageId SMEV's message id (the de-duplication key)
     * @param source        how it came
     * @param body          the body as received
     */
    public record NewRaw(UUID id, String smevMessageId, Source source, String body) {
    }
}
