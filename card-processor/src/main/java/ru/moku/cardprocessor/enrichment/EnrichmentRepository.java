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

    /** The card's stage; empty for a card this service does not have. */
    Mono<CardStage> stage(UUID cardId) {
        return db.sql("SELECT stage FROM service_card WHERE id = :cardId")
                .bind("cardId", cardId)
                .map(row -> CardStage.valueOf(row.get("stage", String.class)))
                .one();
    }

    /** Whether both the card's organisation and its founder have an answer (as this transaction sees them). */
    Mono<Boolean> bothPartiesAnswered(UUID cardId) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM organisation WHERE card_id = :cardId AND oktmo_status IS NOT NULL)
                           AND EXISTS (SELECT 1 FROM founder WHERE card_id = :cardId AND oktmo_status IS NOT NULL)
                               AS answered""")
                .bind("cardId", cardId)
                .map(row -> Boolean.TRUE.equals(row.get("answered", Boolean.class)))
                .one();
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
