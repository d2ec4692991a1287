package ru.moku.cardprocessor.stage;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.CardStage;
import ru.moku.model.intake.CardStageChanged;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.outbox.Outbox;

/**
 * The one place where a card's stage changes (seed 001's aggregated stage, ARCHITECTURE.md §6): the new stage on the
 * card, a row in its history and the canonical {@code CardStageChanged} event on Kafka, all in the caller's
 * transaction. Which moves are allowed is the stage type's ({@link CardStage#reachedFrom()}): a move is
 * {@code UPDATE … WHERE stage = ANY(to.reachedFrom())}, so a late or repeated message never moves a card backwards
 * and a card moves to a stage once.
 */
@Component
public class CardStages {

    /** The {@code source} of every event card-processor publishes. */
    public static final String SOURCE = "moku/card-processor";

    private final DatabaseClient db;
    private final Outbox outbox;

    CardStages(DatabaseClient db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /**
     * Records and announces the stage a card was stored in (its first, {@link CardStage#isInitial()}).
     *
     * @param cause the message that brought the card (the event continues its chain)
     */
    public Mono<Void> enter(UUID cardId, CardStage initial, String reason, Envelope<?> cause) {
        if (!initial.isInitial()) {
            return Mono.error(new IllegalArgumentException(initial + " is not a stage a card is stored in"));
        }
        return recordAndAnnounce(cardId, null, initial, reason, cause);
    }

    /**
     * Moves the card to {@code to} if it is in one of the stages {@code to} is reached from, records and announces it.
     * A card in any other stage — further on already, flagged, or there already — stays where it is.
     *
     * @param cause the message that caused the move (the event continues its chain)
     * @return whether the card moved now
     */
    public Mono<Boolean> advance(UUID cardId, CardStage to, String reason, Envelope<?> cause) {
        if (to.isInitial()) {
            return Mono.error(new IllegalArgumentException("a card is stored in " + to + ", never moved there"));
        }
        // One round trip: the guarded move and its history row (a data-modifying CTE writes the row only when the
        // card moved). clock_timestamp(), not now(): several messages may share one transaction (a consumer's
        // micro-batch), and the history must still order the moves they make.
        return db.sql("""
                        WITH moved AS (
                            UPDATE service_card c SET stage = :to, updated_at = now()
                            FROM (SELECT id, stage FROM service_card WHERE id = :cardId FOR UPDATE) previous
                            WHERE c.id = previous.id AND previous.stage = ANY(:from)
                            RETURNING previous.stage),
                        history AS (
                            INSERT INTO card_stage_history (card_id, stage, reason, at)
                            SELECT :cardId, :to, :reason, clock_timestamp() FROM moved)
                        SELECT stage FROM moved""")
                .bind("cardId", cardId)
                .bind("to", to.name())
                .bind("from", sources(to))
                .bind("reason", reason == null ? "" : reason)
                .map(row -> CardStage.valueOf(row.get("stage", String.class)))
                .one()
                .flatMap(previous -> announce(cardId, previous, to, reason, cause).thenReturn(true))
                .defaultIfEmpty(false);
    }

    /** The stages a card may be moved to {@code to} from, by name, as the move's condition binds them. */
    static String[] sources(CardStage to) {
        return to.reachedFrom().stream().map(CardStage::name).sorted().toArray(String[]::new);
    }

    private Mono<Void> recordAndAnnounce(UUID cardId, CardStage previous, CardStage to, String reason,
                                         Envelope<?> cause) {
        return db.sql("""
                        INSERT INTO card_stage_history (card_id, stage, reason, at)
                        VALUES (:cardId, :stage, :reason, clock_timestamp())""")
                .bind("cardId", cardId)
                .bind("stage", to.name())
                .bind("reason", reason == null ? "" : reason)
                .fetch().rowsUpdated()
                .then(announce(cardId, previous, to, reason, cause));
    }

    /** The canonical event of a move, on Kafka through the outbox. */
    private Mono<Void> announce(UUID cardId, CardStage previous, CardStage to, String reason, Envelope<?> cause) {
        CardStageChanged event = new CardStageChanged(cardId, to, previous, Instant.now(), reason);
        return outbox.toKafka(Destinations.CARD_STAGE_TOPIC, cardId.toString(),
                cause.reply(MessageTypes.CARD_STAGE_CHANGED, SOURCE, cardId.toString(), event));
    }
}
