package ru.moku.cardprocessor.stage;

import java.time.Instant;
import java.util.Collection;
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
 * Moves a card from stage to stage (seed 001's aggregated stage, ARCHITECTURE.md §6): the new stage on the card, a row
 * in its history and the canonical {@code CardStageChanged} event on Kafka, all in the caller's transaction. A move is
 * conditional on the stage the card is in, so a late or repeated message never moves a card backwards.
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
     * Moves the card to {@code to} if it is in one of {@code from}, records and announces it.
     *
     * @param cause the message that caused the move (the event continues its chain)
     * @return whether the card moved now
     */
    public Mono<Boolean> advance(UUID cardId, Collection<CardStage> from, CardStage to, String reason,
                                 Envelope<?> cause) {
        return db.sql("""
                        UPDATE service_card c SET stage = :to, updated_at = now()
                        FROM (SELECT id, stage FROM service_card WHERE id = :cardId FOR UPDATE) previous
                        WHERE c.id = previous.id AND previous.stage = ANY(:from)
                        RETURNING previous.stage""")
                .bind("cardId", cardId)
                .bind("to", to.name())
                .bind("from", from.stream().map(CardStage::name).toArray(String[]::new))
                .map(row -> CardStage.valueOf(row.get("stage", String.class)))
                .one()
                .flatMap(previous -> announce(cardId, previous, to, reason, cause).thenReturn(true))
                .defaultIfEmpty(false);
    }

    /** Records and announces a move the caller made itself (with conditions of its own). */
    public Mono<Void> announce(UUID cardId, CardStage previous, CardStage to, String reason, Envelope<?> cause) {
        CardStageChanged event = new CardStageChanged(cardId, to, previous, Instant.now(), reason);
        return db.sql("INSERT INTO card_stage_history (card_id, stage, reason) VALUES (:cardId, :stage, :reason)")
                .bind("cardId", cardId)
                .bind("stage", to.name())
                .bind("reason", reason == null ? "" : reason)
                .fetch().rowsUpdated()
                .then(outbox.toKafka(Destinations.CARD_STAGE_TOPIC, cardId.toString(),
                        cause.reply(MessageTypes.CARD_STAGE_CHANGED, SOURCE, cardId.toString(), event)));
    }
}
