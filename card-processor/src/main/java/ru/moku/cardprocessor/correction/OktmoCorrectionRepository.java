package ru.moku.cardprocessor.correction;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.party.OktmoOutcome;

/** Corrections of the ОКТМО of organisations and founders in {@code qal}, found by their ИНН or ОГРН. */
@Repository
class OktmoCorrectionRepository {

    private final DatabaseClient db;

    OktmoCorrectionRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Applies a correction to every party (organisation or founder) with {@code identifier} as its ИНН or ОГРН whose
     * card was enriched already (ENRICHED or later; a card still waiting for its answer, or FLAGGED, is left alone),
     * whose latest answer is older than {@code at}, and whose ОКТМО or status the correction changes. One statement;
     * concurrent corrections of one party queue on its row, and the later in line re-checks the guard against what
     * the earlier committed.
     *
     * @return the cards of the changed parties, each once, in id order
     */
    Mono<List<UUID>> apply(String identifier, OktmoOutcome outcome, String oktmo, String reason, Instant at) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("WITH organisation_row AS (" + partyUpdate("organisation")
                + "), founder_row AS (" + partyUpdate("founder") + """
                        )
                        SELECT card_id FROM organisation_row
                        UNION
                        SELECT card_id FROM founder_row
                        ORDER BY card_id""")
                .bind("identifier", identifier)
                .bind("status", outcome.name())
                .bind("at", at.atOffset(ZoneOffset.UTC));
        spec = oktmo == null ? spec.bindNull("oktmo", String.class) : spec.bind("oktmo", oktmo);
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        return spec.map(row -> row.get("card_id", UUID.class)).all().collectList();
    }

    /** The correction's UPDATE of one party table ({@code organisation} or {@code founder}), returning the cards. */
    private static String partyUpdate(String table) {
        return """
                UPDATE %s p SET oktmo = :oktmo, oktmo_status = :status, oktmo_reason = :reason,
                                oktmo_corrected_at = :at
                FROM service_card c
                WHERE c.id = p.card_id AND c.stage IN ('ENRICHED', 'REGISTERED', 'CREATED_IN_LKO',
                                                      'LINK_SENT', 'SURVEY_COMPLETED')
                  AND (p.inn = :identifier OR p.ogrn = :identifier)
                  AND coalesce(p.oktmo_corrected_at, p.enriched_at) < :at
                  AND (p.oktmo IS DISTINCT FROM :oktmo OR p.oktmo_status IS DISTINCT FROM :status)
                RETURNING p.card_id""".formatted(table);
    }

    /**
     * Locks every card with a party of {@code identifier} ({@code FOR UPDATE}, in id order), as the enrichment answer
     * locks its card: two corrections of one card (its organisation's and its founder's, in two transactions) then
     * take turns, and the later one's hand-off — read after the earlier committed — carries both. Without it each
     * read the other party as it was before, and the hand-off ПОС.ОС applied last could put back an ОКТМО the other
     * had corrected.
     */
    Mono<Void> lockCardsOf(String identifier) {
        return db.sql("""
                        SELECT c.id FROM service_card c
                        WHERE c.id IN (SELECT card_id FROM organisation WHERE inn = :identifier OR ogrn = :identifier
                                       UNION
                                       SELECT card_id FROM founder WHERE inn = :identifier OR ogrn = :identifier)
                        ORDER BY c.id
                        FOR UPDATE OF c""")
                .bind("identifier", identifier)
                .fetch().all()
                .then();
    }

    /** Whether any card has a party with {@code identifier} as its ИНН or ОГРН. */
    Mono<Boolean> known(String identifier) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM organisation WHERE inn = :identifier OR ogrn = :identifier)
                            OR EXISTS (SELECT 1 FROM founder WHERE inn = :identifier OR ogrn = :identifier) AS known""")
                .bind("identifier", identifier)
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
                .one();
    }
}
