package ru.moku.orgregistry.lko;

import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Ids;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.party.FounderKind;
import ru.moku.orgregistry.organisation.OrganisationStatus;

/** The hand-off's reads and writes in schema {@code pos_os}: the organisation's ЛКО state and manual reviews. */
@Repository
class LkoHandoffRepository {

    private final DatabaseClient db;

    LkoHandoffRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The organisation as ЛКО takes it, with its card; empty if there is none. */
    Mono<Subject> load(UUID mokuOrganisationId) {
        return db.sql("""
                        SELECT o.moku_organisation_id, o.card_id, o.name, o.inn, o.ogrn, o.kpp, o.address, o.oktmo,
                               o.lko_organisation_id, o.revision,
                               f.kind AS f_kind, f.name AS f_name, f.last_name AS f_last_name,
                               f.first_name AS f_first_name, f.middle_name AS f_middle_name, f.inn AS f_inn,
                               f.ogrn AS f_ogrn, f.oktmo AS f_oktmo
                        FROM organisation o JOIN founder f ON f.moku_organisation_id = o.moku_organisation_id
                        WHERE o.moku_organisation_id = :id""")
                .bind("id", mokuOrganisationId)
                .map(LkoHandoffRepository::subject)
                .one();
    }

    /**
     * An organisation to hand off.
     *
     * @param cardId            the card it came with
     * @param request           what ЛКО is sent
     * @param lkoOrganisationId ЛКО's id once ЛКО has it (then the hand-off is an update), else {@code null}
     * @param revision          ПОС.ОС's revision of what {@code request} shows (the update's guard in ЛКО)
     */
    record Subject(UUID cardId, LkoOrganisationRequest request, UUID lkoOrganisationId, long revision) {

        /** The update ЛКО is sent for an organisation it has. */
        LkoOrganisationUpdate update() {
            return new LkoOrganisationUpdate(request.mokuOrganisationId(), revision, request.name(), request.inn(),
                    request.ogrn(), request.kpp(), request.address(), request.oktmo(), request.founder());
        }
    }

    /** ПОС.ОС's revision of the organisation now; empty if there is none. */
    Mono<Long> revision(UUID mokuOrganisationId) {
        return db.sql("SELECT revision FROM organisation WHERE moku_organisation_id = :id")
                .bind("id", mokuOrganisationId)
                .map(row -> row.get("revision", Long.class))
                .one();
    }

    Mono<Void> markCreated(UUID mokuOrganisationId, UUID lkoOrganisationId) {
        return db.sql("""
                        UPDATE organisation SET status = 'CREATED_IN_LKO', lko_organisation_id = :lkoId,
                                                updated_at = now()
                        WHERE moku_organisation_id = :id""")
                .bind("id", mokuOrganisationId)
                .bind("lkoId", lkoOrganisationId)
                .fetch().rowsUpdated().then();
    }

    Mono<Void> markStatus(UUID mokuOrganisationId, OrganisationStatus status) {
        return db.sql("UPDATE organisation SET status = :status, updated_at = now() WHERE moku_organisation_id = :id")
                .bind("id", mokuOrganisationId)
                .bind("status", status.name())
                .fetch().rowsUpdated().then();
    }

    /** Opens a manual review of an organisation ЛКО refused. */
    Mono<Void> openManualReview(UUID mokuOrganisationId, UUID incidentId, String reason, String problem) {
        return db.sql("""
                        INSERT INTO manual_review (id, moku_organisation_id, incident_id, reason, problem)
                        VALUES (:id, :organisationId, :incidentId, :reason, :problem)""")
                .bind("id", Ids.next())
                .bind("organisationId", mokuOrganisationId)
                .bind("incidentId", incidentId)
                .bind("reason", reason)
                .bind("problem", problem == null ? "" : problem)
                .fetch().rowsUpdated().then();
    }

    /** Marks the open manual reviews of an incident as retried. */
    Mono<Void> retryManualReviews(UUID incidentId) {
        return db.sql("""
                        UPDATE manual_review SET status = 'RETRIED', updated_at = now()
                        WHERE incident_id = :incidentId AND status = 'OPEN'""")
                .bind("incidentId", incidentId)
                .fetch().rowsUpdated().then();
    }

    private static Subject subject(Readable row) {
        LkoOrganisationRequest.Founder founder = new LkoOrganisationRequest.Founder(
                FounderKind.valueOf(row.get("f_kind", String.class)), row.get("f_name", String.class),
                row.get("f_last_name", String.class), row.get("f_first_name", String.class),
                row.get("f_middle_name", String.class), row.get("f_inn", String.class),
                row.get("f_ogrn", String.class), row.get("f_oktmo", String.class));
        return new Subject(row.get("card_id", UUID.class), new LkoOrganisationRequest(
                row.get("moku_organisation_id", UUID.class), row.get("name", String.class),
                row.get("inn", String.class), row.get("ogrn", String.class), row.get("kpp", String.class),
                row.get("address", String.class), row.get("oktmo", String.class), founder),
                row.get("lko_organisation_id", UUID.class), row.get("revision", Long.class));
    }
}
