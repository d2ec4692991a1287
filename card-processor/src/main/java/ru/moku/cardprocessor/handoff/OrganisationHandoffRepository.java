package ru.moku.cardprocessor.handoff;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;

/** Reads a card's organisation for ПОС.ОС and stores the ЛКО id it gets there. */
@Repository
class OrganisationHandoffRepository {

    private final DatabaseClient db;

    OrganisationHandoffRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The card's organisation and founder as ПОС.ОС gets them; empty for an unknown card. */
    Mono<OrganisationSubmission> submission(UUID cardId) {
        return db.sql("""
                        SELECT o.card_id, o.moku_organisation_id, o.name, o.inn, o.ogrn, o.kpp, o.address, o.oktmo,
                               o.oktmo_status, f.kind, f.name AS f_name, f.last_name, f.first_name, f.middle_name,
                               f.inn AS f_inn, f.ogrn AS f_ogrn, f.oktmo AS f_oktmo, f.oktmo_status AS f_oktmo_status,
                               greatest(coalesce(o.oktmo_corrected_at, o.enriched_at),
                                        coalesce(f.oktmo_corrected_at, f.enriched_at)) AS answered_at
                        FROM organisation o JOIN founder f ON f.card_id = o.card_id
                        WHERE o.card_id = :cardId""")
                .bind("cardId", cardId)
                .map(row -> submission(row))
                .one();
    }

    /**
     * Stores ЛКО's id on the card's organisation, if the card's organisation is {@code mokuOrganisationId}.
     *
     * @return whether the card has that organisation
     */
    Mono<Boolean> storeLkoId(UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId) {
        return db.sql("""
                        UPDATE organisation SET lko_organisation_id = :lkoId, in_lko_at = coalesce(in_lko_at, now())
                        WHERE card_id = :cardId AND moku_organisation_id = :mokuId""")
                .bind("cardId", cardId)
                .bind("mokuId", mokuOrganisationId)
                .bind("lkoId", lkoOrganisationId)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    private static OrganisationSubmission submission(Readable row) {
        OrganisationSubmission.Founder founder = new OrganisationSubmission.Founder(FounderKind.valueOf(row.get("kind", String.class)),
                blankToNull(row.get("f_name", String.class)), blankToNull(row.get("last_name", String.class)),
                blankToNull(row.get("first_name", String.class)), blankToNull(row.get("middle_name", String.class)),
                row.get("f_inn", String.class), blankToNull(row.get("f_ogrn", String.class)),
                row.get("f_oktmo", String.class), outcome(row.get("f_oktmo_status", String.class)));
        String inn = row.get("inn", String.class);
        String ogrn = row.get("ogrn", String.class);
        UUID mokuId = row.get("moku_organisation_id", UUID.class);
        return new OrganisationSubmission(mokuId != null ? mokuId : OrganisationIdentity.of(inn, ogrn),
                row.get("card_id", UUID.class), row.get("name", String.class), inn, ogrn,
                blankToNull(row.get("kpp", String.class)), blankToNull(row.get("address", String.class)),
                row.get("oktmo", String.class), outcome(row.get("oktmo_status", String.class)), founder,
                answeredAt(row.get("answered_at", OffsetDateTime.class)));
    }

    private static Instant answeredAt(OffsetDateTime answeredAt) {
        return answeredAt == null ? null : answeredAt.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** A stored outcome; {@code null} while enrichment has not answered. */
    private static OktmoOutcome outcome(String stored) {
        return stored == null ? null : OktmoOutcome.valueOf(stored);
    }
}
