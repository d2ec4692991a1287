package ru.moku.survey.organisation;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Ids;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;

/** Organisations and founders as ЛКО stores them, in schema {@code lko}. */
@Repository
class LkoOrganisationRepository {

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    LkoOrganisationRepository(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Stores the organisation and its founder unless one with the same МОКУ id exists; either way emits the stored
     * one's ids. Concurrency-safe: a second insert of the same МОКУ id waits for the first and then does nothing.
     */
    Mono<Stored> createOrFind(LkoOrganisationRequest request) {
        UUID id = Ids.next();
        Mono<Stored> created = insertOrganisation(id, request)
                .flatMap(inserted -> inserted
                        ? insertFounder(id, request.founder()).thenReturn(true)
                        : Mono.just(false))
                .flatMap(inserted -> findId(request.mokuOrganisationId())
                        .map(lkoId -> new Stored(new LkoOrganisationCreated(lkoId, request.mokuOrganisationId()),
                                inserted)));
        return tx.transactional(created);
    }

    /**
     * An organisation as stored.
     *
     * @param ids     its ЛКО and МОКУ ids
     * @param created whether this request created it
     */
    record Stored(LkoOrganisationCreated ids, boolean created) {
    }

    private Mono<Boolean> insertOrganisation(UUID id, LkoOrganisationRequest request) {
        return db.sql("""
                        INSERT INTO organisation (id, moku_organisation_id, name, inn, ogrn, kpp, address, oktmo)
                        VALUES (:id, :mokuId, :name, :inn, :ogrn, :kpp, :address, :oktmo)
                        ON CONFLICT (moku_organisation_id) DO NOTHING""")
                .bind("id", id)
                .bind("mokuId", request.mokuOrganisationId())
                .bind("name", request.name())
                .bind("inn", request.inn())
                .bind("ogrn", request.ogrn())
                .bind("kpp", orNull(request.kpp()))
                .bind("address", orNull(request.address()))
                .bind("oktmo", orNull(request.oktmo()))
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    private Mono<Void> insertFounder(UUID organisationId, LkoOrganisationRequest.Founder founder) {
        return db.sql("""
                        INSERT INTO founder (organisation_id, kind, name, last_name, first_name, middle_name, inn, ogrn,
                                             oktmo)
                        VALUES (:organisationId, :kind, :name, :lastName, :firstName, :middleName, :inn, :ogrn, :oktmo)""")
                .bind("organisationId", organisationId)
                .bind("kind", founder.kind().name())
                .bind("name", orNull(founder.name()))
                .bind("lastName", orNull(founder.lastName()))
                .bind("firstName", orNull(founder.firstName()))
                .bind("middleName", orNull(founder.middleName()))
                .bind("inn", founder.inn())
                .bind("ogrn", orNull(founder.ogrn()))
                .bind("oktmo", orNull(founder.oktmo()))
                .fetch().rowsUpdated()
                .then();
    }

    private Mono<UUID> findId(UUID mokuOrganisationId) {
        return db.sql("SELECT id FROM organisation WHERE moku_organisation_id = :mokuId")
                .bind("mokuId", mokuOrganisationId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** A nullable text column: blank is stored as NULL. */
    private static Parameter orNull(String value) {
        return Parameter.fromOrEmpty(value == null || value.isBlank() ? null : value,
                String.class);
    }
}
