package ru.moku.survey.organisation;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Ids;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.organisation.LkoOrganisationUpdated;

/**
 * Organisations and founders as ЛКО stores them, in schema {@code lko}. The organisation's ОКТМО is stored as
 * {@code oktmo_successor(…)} gives it (migration {@code V20261206.40}): a code the directory abolished in favour of
 * another is stored as that other, on create and on update alike, so an update from ПОС.ОС that still carries the old
 * code does not undo the directory's remap.
 */
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
     * one's ids. Usually one statement: the organisation's insert, the founder's (a data-modifying CTE fed by it) and
     * the stored id. Concurrency-safe: a second insert of the same МОКУ id waits for the first and then does nothing;
     * the statement's snapshot predates that first commit, so the id is then read by a statement of its own.
     */
    Mono<Stored> createOrFind(LkoOrganisationRequest request) {
        Mono<Stored> created = insertOrFind(Ids.next(), request)
                .switchIfEmpty(Mono.defer(() -> findId(request.mokuOrganisationId())
                        .map(lkoId -> new Stored(new LkoOrganisationCreated(lkoId, request.mokuOrganisationId()),
                                false))));
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

    /** Inserts, or reads the id stored before; empty only when a concurrent insert committed during the statement. */
    private Mono<Stored> insertOrFind(UUID id, LkoOrganisationRequest request) {
        LkoOrganisationRequest.Founder founder = request.founder();
        return db.sql("""
                        WITH organisation_row AS (
                            INSERT INTO organisation (id, moku_organisation_id, name, inn, ogrn, kpp, address, oktmo)
                            VALUES (:id, :mokuId, :name, :inn, :ogrn, :kpp, :address, oktmo_successor(:oktmo))
                            ON CONFLICT (moku_organisation_id) DO NOTHING
                            RETURNING id),
                        founder_row AS (
                            INSERT INTO founder (organisation_id, kind, name, last_name, first_name, middle_name, inn,
                                                 ogrn, oktmo)
                            SELECT id, :kind, :founderName, :lastName, :firstName, :middleName, :founderInn,
                                   :founderOgrn, :founderOktmo
                            FROM organisation_row)
                        SELECT id, true AS created FROM organisation_row
                        UNION ALL
                        SELECT id, false FROM organisation WHERE moku_organisation_id = :mokuId""")
                .bind("id", id)
                .bind("mokuId", request.mokuOrganisationId())
                .bindValues(partyValues(request.name(), request.inn(), request.ogrn(), request.kpp(),
                        request.address(), request.oktmo(), founder))
                .map(row -> new Stored(new LkoOrganisationCreated(row.get("id", UUID.class),
                        request.mokuOrganisationId()), Boolean.TRUE.equals(row.get("created", Boolean.class))))
                .first();
    }

    /**
     * Applies {@code update} to the organisation and its founder if its revision is above the one ЛКО holds (the
     * guard of {@code lko.organisation.source_revision}); {@code updated_at} is set as every writer of the table does.
     * One statement: concurrent updates of one organisation queue on its row, and the later in line re-checks the
     * guard against what the earlier committed. Empty when ЛКО has no organisation of that МОКУ id.
     */
    Mono<LkoOrganisationUpdated> update(LkoOrganisationUpdate update) {
        LkoOrganisationRequest.Founder founder = update.founder();
        Mono<LkoOrganisationUpdated> updated = db.sql("""
                        WITH organisation_row AS (
                            UPDATE organisation SET name = :name, inn = :inn, ogrn = :ogrn, kpp = :kpp,
                                                    address = :address, oktmo = oktmo_successor(:oktmo),
                                                    source_revision = :revision, updated_at = clock_timestamp()
                            WHERE moku_organisation_id = :mokuId AND source_revision < :revision
                            RETURNING id),
                        founder_row AS (
                            UPDATE founder SET kind = :kind, name = :founderName, last_name = :lastName,
                                               first_name = :firstName, middle_name = :middleName,
                                               inn = :founderInn, ogrn = :founderOgrn, oktmo = :founderOktmo
                            FROM organisation_row WHERE founder.organisation_id = organisation_row.id)
                        SELECT o.id, EXISTS (SELECT 1 FROM organisation_row) AS applied,
                               GREATEST(o.source_revision,
                                        CASE WHEN EXISTS (SELECT 1 FROM organisation_row) THEN :revision END)
                                   AS revision
                        FROM organisation o WHERE o.moku_organisation_id = :mokuId""")
                .bind("mokuId", update.mokuOrganisationId())
                .bind("revision", update.revision())
                .bindValues(partyValues(update.name(), update.inn(), update.ogrn(), update.kpp(), update.address(),
                        update.oktmo(), founder))
                .map(row -> new LkoOrganisationUpdated(row.get("id", UUID.class), update.mokuOrganisationId(),
                        row.get("revision", Long.class), Boolean.TRUE.equals(row.get("applied", Boolean.class))))
                .one();
        return tx.transactional(updated);
    }

    private Mono<UUID> findId(UUID mokuOrganisationId) {
        return db.sql("SELECT id FROM organisation WHERE moku_organisation_id = :mokuId")
                .bind("mokuId", mokuOrganisationId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** The organisation's and its founder's columns, as the create and the update bind them. */
    private static Map<String, Object> partyValues(String name, String inn, String ogrn, String kpp, String address,
                                                   String oktmo, LkoOrganisationRequest.Founder founder) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("inn", inn);
        values.put("ogrn", ogrn);
        values.put("kpp", orNull(kpp));
        values.put("address", orNull(address));
        values.put("oktmo", orNull(oktmo));
        values.put("kind", founder.kind().name());
        values.put("founderName", orNull(founder.name()));
        values.put("lastName", orNull(founder.lastName()));
        values.put("firstName", orNull(founder.firstName()));
        values.put("middleName", orNull(founder.middleName()));
        values.put("founderInn", founder.inn());
        values.put("founderOgrn", orNull(founder.ogrn()));
        values.put("founderOktmo", orNull(founder.oktmo()));
        return values;
    }

    /** A nullable text column: blank is stored as NULL. */
    private static Parameter orNull(String value) {
        return Parameter.fromOrEmpty(value == null || value.isBlank() ? null : value,
                String.class);
    }
}
