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

    /** One party's answer as it is stored: {@code oktmo} and {@code reason} may be {@code null}. */
    record Answer(String oktmo, OktmoOutcome status, String reason) {
    }

    /**
     * What storing a card's answers did: whether the organisation's and the founder's row took the answer given for
     * them, and whether both parties now have one (as this transaction sees them).
     */
    record Stored(boolean organisationStored, boolean founderStored, boolean bothAnswered) {
    }

    /**
     * Stores the answers for the card's organisation and founder ({@code null}: no answer for that party in this
     * result) and tells whether both parties have one now — one statement (two data-modifying CTEs), where it was
     * one update per party and a read. The main query sees the tables as they were before the statement, so a party
     * answered by this statement counts through its CTE.
     */
    Mono<Stored> storeAnswers(UUID cardId, Answer organisation, Answer founder) {
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        WITH organisation_answer AS (
                            UPDATE organisation SET oktmo = :orgOktmo, oktmo_status = :orgStatus,
                                                    oktmo_reason = :orgReason, enriched_at = now()
                            WHERE card_id = :cardId AND :withOrganisation
                            RETURNING card_id),
                        founder_answer AS (
                            UPDATE founder SET oktmo = :founderOktmo, oktmo_status = :founderStatus,
                                               oktmo_reason = :founderReason, enriched_at = now()
                            WHERE card_id = :cardId AND :withFounder
                            RETURNING card_id)
                        SELECT EXISTS (SELECT 1 FROM organisation_answer) AS organisation_stored,
                               EXISTS (SELECT 1 FROM founder_answer) AS founder_stored,
                               (EXISTS (SELECT 1 FROM organisation_answer)
                                   OR EXISTS (SELECT 1 FROM organisation
                                              WHERE card_id = :cardId AND oktmo_status IS NOT NULL))
                               AND (EXISTS (SELECT 1 FROM founder_answer)
                                   OR EXISTS (SELECT 1 FROM founder
                                              WHERE card_id = :cardId AND oktmo_status IS NOT NULL)) AS answered""")
                .bind("cardId", cardId)
                .bind("withOrganisation", organisation != null)
                .bind("withFounder", founder != null);
        update = bindAnswer(update, "org", organisation);
        update = bindAnswer(update, "founder", founder);
        return update.map(row -> new Stored(Boolean.TRUE.equals(row.get("organisation_stored", Boolean.class)),
                        Boolean.TRUE.equals(row.get("founder_stored", Boolean.class)),
                        Boolean.TRUE.equals(row.get("answered", Boolean.class))))
                .one();
    }

    private static DatabaseClient.GenericExecuteSpec bindAnswer(DatabaseClient.GenericExecuteSpec spec, String prefix,
                                                                Answer answer) {
        // NULL, not '', is the "no ОКТМО" the analytics read.
        spec = answer == null || answer.oktmo() == null ? spec.bindNull(prefix + "Oktmo", String.class)
                : spec.bind(prefix + "Oktmo", answer.oktmo());
        spec = answer == null ? spec.bindNull(prefix + "Status", String.class)
                : spec.bind(prefix + "Status", answer.status().name());
        return answer == null || answer.reason() == null ? spec.bindNull(prefix + "Reason", String.class)
                : spec.bind(prefix + "Reason", answer.reason());
    }

    /**
     * The card's stage, the card locked until the transaction ends: answers for one card (a request sent again) are
     * applied one after the other, so the later one sees the stage the earlier one left. Empty for a card this
     * service does not have.
     */
    Mono<CardStage> lockStage(UUID cardId) {
        return db.sql("SELECT stage FROM service_card WHERE id = :cardId FOR UPDATE")
                .bind("cardId", cardId)
                .map(row -> CardStage.valueOf(row.get("stage", String.class)))
                .one();
    }
}
