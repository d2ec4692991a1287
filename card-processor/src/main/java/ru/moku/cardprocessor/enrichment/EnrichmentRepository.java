package ru.moku.cardprocessor.enrichment;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.CardStage;
import ru.moku.model.party.OktmoOutcome;

/** Writes enrichment answers onto a card's organisation and founder in {@code qal}. */
@Repository
class EnrichmentRepository {

    private final DatabaseClient db;

    EnrichmentRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the answer for the card's organisation or founder ({@code table}); emits the rows changed (0 or 1). */
    Mono<Long> storeAnswer(PartyTable table, UUID cardId, String oktmo, OktmoOutcome status, String reason) {
        DatabaseClient.GenericExecuteSpec update = db.sql("UPDATE " + table.tableName() + """
                         SET oktmo = :oktmo, oktmo_status = :status, oktmo_reason = :reason, enriched_at = now()
                        WHERE card_id = :cardId""")
                .bind("cardId", cardId)
                .bind("status", status.name());
        // NULL, not '', is the "no ОКТМО" the analytics read.
        update = oktmo == null ? update.bindNull("oktmo", String.class) : update.bind("oktmo", oktmo);
        update = reason == null ? update.bindNull("reason", String.class) : update.bind("reason", reason);
        return update.fetch().rowsUpdated();
    }

    /**
     * Moves the card from RECEIVED to ENRICHED once both its organisation and its founder have an answer.
     * Emits whether it moved now (a card already further on, or still waiting for a party, does not).
     */
    Mono<Boolean> markEnrichedWhenComplete(UUID cardId) {
        return db.sql("""
                        UPDATE service_card c SET stage = :enriched, updated_at = now()
                        WHERE c.id = :cardId AND c.stage = :received
                          AND EXISTS (SELECT 1 FROM organisation o WHERE o.card_id = c.id AND o.oktmo_status IS NOT NULL)
                          AND EXISTS (SELECT 1 FROM founder f WHERE f.card_id = c.id AND f.oktmo_status IS NOT NULL)""")
                .bind("cardId", cardId)
                .bind("enriched", CardStage.ENRICHED.name())
                .bind("received", CardStage.RECEIVED.name())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** The two tables holding a card's parties. */
    enum PartyTable {
        ORGANISATION("organisation"), FOUNDER("founder");

        private final String tableName;

        PartyTable(String tableName) {
            this.tableName = tableName;
        }

        String tableName() {
            return tableName;
        }
    }
}
