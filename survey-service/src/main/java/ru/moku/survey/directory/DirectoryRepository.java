package ru.moku.survey.directory;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What the directory's API reads: entries, versions with their diff, organisations outside the directory. */
@Repository
class DirectoryRepository {

    private final DatabaseClient db;

    DirectoryRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * A code as the directory knows it (contract 1 of issue 13).
     *
     * @param oktmo       the code
     * @param name        its name
     * @param kind        its {@link EntryKind}
     * @param parentOktmo the municipality it belongs to, {@code null} for a region
     * @param regionOktmo its region
     * @param regionName  the region's name
     * @param current     whether it is in the current version; {@code false}: abolished
     * @param validFrom   the first version it held in (this record)
     * @param validTo     the first version it no longer held in; {@code null} when current
     */
    record Entry(String oktmo, String name, String kind, String parentOktmo, String regionOktmo, String regionName,
                 boolean current, int validFrom, Integer validTo) {
    }

    /** The current record of the code, else its latest historical one. */
    Mono<Entry> entry(String oktmo) {
        return db.sql("""
                        SELECT e.oktmo, e.name, e.kind, e.parent_oktmo, e.region_oktmo, r.name AS region_name,
                               e.valid_from, e.valid_to
                        FROM oktmo_entry e
                        LEFT JOIN LATERAL (SELECT name FROM oktmo_entry r WHERE r.oktmo = e.region_oktmo
                                           ORDER BY r.valid_to IS NULL DESC, r.valid_from DESC LIMIT 1) r ON true
                        WHERE e.oktmo = :oktmo
                        ORDER BY e.valid_to IS NULL DESC, e.valid_from DESC
                        LIMIT 1""")
                .bind("oktmo", oktmo)
                .map(row -> new Entry(row.get("oktmo", String.class), row.get("name", String.class),
                        row.get("kind", String.class), row.get("parent_oktmo", String.class),
                        row.get("region_oktmo", String.class), row.get("region_name", String.class),
                        row.get("valid_to", Integer.class) == null, row.get("valid_from", Integer.class),
                        row.get("valid_to", Integer.class)))
                .first();
    }

    /**
     * A version of the directory: a file loaded, being loaded or refused.
     *
     * @param id                    the version id
     * @param status                LOADING, CURRENT, SUPERSEDED or FAILED
     * @param fileName              the file's name
     * @param sha256                its SHA-256
     * @param encoding              windows-1251 or UTF-8, as detected
     * @param changeNumber          the highest NomAkt of the file
     * @param effectiveDate         the latest DateVved of the file
     * @param rowsRead              rows read so far (LOADING) or in all
     * @param regions               region rows
     * @param municipalities        municipalities (RAZDEL 1, neither region nor group)
     * @param populatedPlaces       populated places (RAZDEL 2)
     * @param added                 the diff's summary against the previous version
     * @param renamed               …
     * @param moved                 …
     * @param abolished             …
     * @param organisationsRemapped organisations remapped from an abolished code to its successor
     * @param previousVersionId     the version it replaced
     * @param error                 FAILED: why, with the line
     * @param startedAt             when the file was accepted
     * @param loadedAt              when it became current
     */
    record Version(int id, String status, String fileName, String sha256, String encoding, Integer changeNumber,
                   LocalDate effectiveDate, int rowsRead, Integer regions, Integer municipalities,
                   Integer populatedPlaces, Integer added, Integer renamed, Integer moved, Integer abolished,
                   Integer organisationsRemapped, Integer previousVersionId, String error, Instant startedAt,
                   Instant loadedAt) {
    }

    private static final String VERSION_COLUMNS = """
            SELECT id, status, file_name, sha256, encoding, change_number, effective_date, rows_read, regions,
                   municipalities, populated_places, added, renamed, moved, abolished, organisations_remapped,
                   previous_version_id, error, started_at, loaded_at
            FROM oktmo_version""";

    /** Versions newest first, below {@code beforeId} when given. */
    Flux<Version> versions(Integer beforeId, int limit) {
        return db.sql(VERSION_COLUMNS + " WHERE (CAST(:before AS int) IS NULL OR id < :before)"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("before", Parameter.fromOrEmpty(beforeId, Integer.class))
                .bind("limit", limit)
                .map(row -> toVersion(row))
                .all();
    }

    Mono<Version> version(int id) {
        return db.sql(VERSION_COLUMNS + " WHERE id = :id").bind("id", id).map(row -> toVersion(row)).first();
    }

    private static Version toVersion(Readable row) {
        OffsetDateTime started = row.get("started_at", OffsetDateTime.class);
        OffsetDateTime loaded = row.get("loaded_at", OffsetDateTime.class);
        String sha = row.get("sha256", String.class);
        return new Version(row.get("id", Integer.class), row.get("status", String.class),
                row.get("file_name", String.class), sha == null ? null : sha.strip(),
                row.get("encoding", String.class), row.get("change_number", Integer.class),
                row.get("effective_date", LocalDate.class), row.get("rows_read", Integer.class),
                row.get("regions", Integer.class), row.get("municipalities", Integer.class),
                row.get("populated_places", Integer.class), row.get("added", Integer.class),
                row.get("renamed", Integer.class), row.get("moved", Integer.class),
                row.get("abolished", Integer.class), row.get("organisations_remapped", Integer.class),
                row.get("previous_version_id", Integer.class), row.get("error", String.class),
                started == null ? null : started.toInstant(), loaded == null ? null : loaded.toInstant());
    }

    /**
     * One line of a version's diff.
     *
     * @param oktmo      the code
     * @param change     ADDED, RENAMED, MOVED or ABOLISHED
     * @param oldName    before
     * @param newName    after
     * @param oldParent  before
     * @param newParent  after
     * @param oldRegion  before
     * @param newRegion  after
     * @param replacedBy ABOLISHED: the successor a change record names
     */
    record Change(String oktmo, String change, String oldName, String newName, String oldParent, String newParent,
                  String oldRegion, String newRegion, String replacedBy) {
    }

    /** The diff of a version ordered by code and change, after ({@code oktmo}, {@code change}) when given. */
    Flux<Change> changes(int versionId, String afterOktmo, String afterChange, int limit) {
        return db.sql("""
                        SELECT oktmo, change, old_name, new_name, old_parent, new_parent, old_region, new_region,
                               replaced_by
                        FROM oktmo_change
                        WHERE version_id = :v AND (CAST(:afterOktmo AS text) IS NULL
                                                   OR (oktmo, change) > (:afterOktmo, :afterChange))
                        ORDER BY oktmo, change LIMIT :limit""")
                .bind("v", versionId)
                .bind("afterOktmo", Parameter.fromOrEmpty(afterOktmo, String.class))
                .bind("afterChange", Parameter.fromOrEmpty(afterChange == null ? "" : afterChange, String.class))
                .bind("limit", limit)
                .map(row -> new Change(row.get("oktmo", String.class), row.get("change", String.class),
                        row.get("old_name", String.class), row.get("new_name", String.class),
                        row.get("old_parent", String.class), row.get("new_parent", String.class),
                        row.get("old_region", String.class), row.get("new_region", String.class),
                        row.get("replaced_by", String.class)))
                .all();
    }

    /**
     * An ЛКО organisation whose ОКТМО is not in the current directory.
     *
     * @param lkoOrganisationId  its ЛКО id
     * @param mokuOrganisationId its МОКУ id
     * @param name               its name
     * @param oktmo              its ОКТМО
     * @param abolished          whether the directory had the code once (abolished), else never
     */
    record UnresolvedOrganisation(UUID lkoOrganisationId, UUID mokuOrganisationId, String name, String oktmo,
                                  boolean abolished) {
    }

    private static final String UNRESOLVED = """
            FROM organisation o
            WHERE o.oktmo IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM oktmo_entry e WHERE e.oktmo = o.oktmo AND e.valid_to IS NULL)""";

    /** Organisations with an ОКТМО the current directory does not hold, by ЛКО id, after {@code afterId}. */
    Flux<UnresolvedOrganisation> unresolved(UUID afterId, int limit) {
        return db.sql("SELECT o.id, o.moku_organisation_id, o.name, o.oktmo,"
                        + " EXISTS (SELECT 1 FROM oktmo_entry h WHERE h.oktmo = o.oktmo) AS abolished " + UNRESOLVED
                        + " AND (CAST(:after AS uuid) IS NULL OR o.id > :after) ORDER BY o.id LIMIT :limit")
                .bind("after", Parameter.fromOrEmpty(afterId, UUID.class))
                .bind("limit", limit)
                .map(row -> new UnresolvedOrganisation(row.get("id", UUID.class),
                        row.get("moku_organisation_id", UUID.class), row.get("name", String.class),
                        row.get("oktmo", String.class), Boolean.TRUE.equals(row.get("abolished", Boolean.class))))
                .all();
    }

    /** How many organisations have an ОКТМО the current directory does not hold (0 while there is no directory). */
    Mono<Long> countUnresolved() {
        return db.sql("SELECT CASE WHEN EXISTS (SELECT 1 FROM oktmo_version WHERE status = 'CURRENT')"
                        + " THEN (SELECT count(*) " + UNRESOLVED + ") ELSE 0 END AS unresolved")
                .map(row -> row.get("unresolved", Long.class))
                .one();
    }
}
