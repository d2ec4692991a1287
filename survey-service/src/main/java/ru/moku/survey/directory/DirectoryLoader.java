package ru.moku.survey.directory;

import io.r2dbc.spi.Readable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import ru.moku.model.directory.OktmoDirectoryChanged;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.outbox.Outbox;

/**
 * Loads one classifier file as a new version of the ОКТМО directory (справочник ОКТМО), in ONE transaction: the rows
 * are streamed into a temporary staging table in batches, then compared with the current entries set-wise — the diff
 * into {@code oktmo_change}, changed and abolished entries closed ({@code valid_to}), new ones opened
 * ({@code valid_from}), ЛКО organisations of an abolished code that a change record maps to a successor remapped —, the
 * version switched to CURRENT and {@link OktmoDirectoryChanged} appended to the outbox. A failure anywhere rolls all of
 * it back: the version is marked FAILED with the reason (its line) and the directory is as it was. Progress
 * ({@code rows_read}) is written outside the transaction, so that the operator API shows it while the file loads.
 * Loads of several replicas are serialised by an advisory lock.
 */
@Component
class DirectoryLoader {

    static final String SOURCE = "moku/survey-service";

    private static final Logger log = LoggerFactory.getLogger(DirectoryLoader.class);
    /** pg_advisory_xact_lock key of directory loads ("OKTMO" in ASCII). */
    private static final long LOAD_LOCK = 0x4F4B544D4FL;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;
    private final DirectoryProperties properties;

    DirectoryLoader(DatabaseClient db, TransactionalOperator tx, Outbox outbox, DirectoryProperties properties) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
        this.properties = properties;
    }

    /**
     * A file accepted for loading.
     *
     * @param versionId its version, LOADING
     * @param file      where it is
     * @param charset   its encoding
     * @param fileName  its name as the operator gave it
     */
    record Load(int versionId, Path file, Charset charset, String fileName) {
    }

    /**
     * A version for a file: a new one (LOADING, to be loaded) or the one its SHA-256 already has.
     *
     * @param versionId the version
     * @param status    its status
     * @param created   whether this call registered it
     */
    record Registration(int versionId, String status, boolean created) {
    }

    /**
     * Registers a LOADING version for the file, or answers the version the same file (SHA-256) already has. A version
     * of the same file LOADING for longer than {@code stale-loading-after} was abandoned by a stopped instance: it is
     * marked FAILED first, so the file loads anew instead of never.
     */
    Mono<Registration> register(String fileName, String sha256, Charset charset) {
        Mono<Void> abandoned = db.sql("""
                        UPDATE oktmo_version SET status = 'FAILED',
                               error = 'abandoned: still LOADING when the same file was submitted again'
                        WHERE sha256 = :sha256 AND status = 'LOADING'
                          AND started_at < now() - make_interval(secs => :stale)""")
                .bind("sha256", sha256)
                .bind("stale", (double) properties.staleLoadingAfter().toSeconds())
                .fetch().rowsUpdated().then();
        Mono<Registration> inserted = db.sql("""
                        INSERT INTO oktmo_version (status, file_name, sha256, encoding)
                        VALUES ('LOADING', :fileName, :sha256, :encoding)
                        ON CONFLICT (sha256) WHERE status <> 'FAILED' DO NOTHING
                        RETURNING id""")
                .bind("fileName", fileName)
                .bind("sha256", sha256)
                .bind("encoding", charset.name())
                .map(row -> new Registration(row.get("id", Integer.class), "LOADING", true))
                .first();
        Mono<Registration> existing = db.sql("SELECT id, status FROM oktmo_version WHERE sha256 = :sha256"
                        + " AND status <> 'FAILED'")
                .bind("sha256", sha256)
                .map(row -> new Registration(row.get("id", Integer.class), row.get("status", String.class), false))
                .first();
        return abandoned.then(inserted.switchIfEmpty(existing));
    }

    /** Loads the file of a registered version; emits the event it announced, or empty when the load failed. */
    Mono<OktmoDirectoryChanged> load(Load load) {
        long started = System.nanoTime();
        Mono<OktmoDirectoryChanged> work = db.sql("SELECT pg_advisory_xact_lock(:key)").bind("key", LOAD_LOCK)
                .fetch().rowsUpdated()
                .then(execute("""
                        CREATE TEMP TABLE oktmo_load (
                            line INT NOT NULL, oktmo VARCHAR(11) NOT NULL, section INT NOT NULL,
                            kind VARCHAR(40) NOT NULL, name TEXT NOT NULL, parent_oktmo VARCHAR(11),
                            region_oktmo VARCHAR(11) NOT NULL, centre TEXT, description TEXT, change_number INT,
                            approved_on DATE, introduced_on DATE) ON COMMIT DROP"""))
                .then(stage(load))
                .flatMap(rows -> apply(load, rows));
        return tx.transactional(work)
                .doOnNext(event -> log.info("ОКТМО version {} ({}) is current after {} ms: {} added, {} "
                                + "renamed, {} moved, {} abolished, {} organisations remapped", event.versionId(),
                        load.fileName(), (System.nanoTime() - started) / 1_000_000,
                        event.added(), event.renamed(), event.moved(), event.abolished(),
                        event.organisationsRemapped()))
                // The boundary of a load: its failure is recorded on the version (FAILED, with the line) for the
                // operator, and the loader goes on with the next file.
                .onErrorResume(error -> markFailed(load, error).then(Mono.empty()));
    }

    /** Streams the file into the staging table; emits the number of rows. */
    private Mono<Long> stage(Load load) {
        AtomicLong rows = new AtomicLong();
        return read(load.file(), load.charset())
                .buffer(properties.batchSize())
                .concatMap(batch -> insertBatch(batch)
                        .then(progress(load.versionId(), rows.addAndGet(batch.size()))))
                .then(execute("CREATE INDEX ON oktmo_load (oktmo)"))
                .then(execute("ANALYZE oktmo_load"))
                .then(firstDuplicate())
                .flatMap(duplicate -> Mono.<Long>error(MalformedClassifierException.row(duplicate.line(),
                        "code " + duplicate.oktmo() + " appears a second time")))
                .switchIfEmpty(Mono.fromSupplier(rows::get));
    }

    /** The file's classified rows, read on a thread that may block, one at a time as they are asked for. */
    static Flux<ClassifierRow> read(Path file, Charset charset) {
        return Flux.using(() -> ClassifierReader.open(file, charset),
                        reader -> Flux.<ClassifierRow>generate(sink -> {
                            try {
                                ClassifierRow row = reader.next();
                                if (row == null) {
                                    sink.complete();
                                } else {
                                    sink.next(row);
                                }
                            } catch (IOException e) {
                                sink.error(new UncheckedIOException(e));
                            } catch (RuntimeException e) {
                                sink.error(e);
                            }
                        }),
                        DirectoryLoader::closeQuietly)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static void closeQuietly(ClassifierReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            log.debug("Closing a classifier file failed", e);
        }
    }

    private Mono<Void> insertBatch(List<ClassifierRow> batch) {
        int size = batch.size();
        String[][] columns = new String[12][size];
        for (int i = 0; i < size; i++) {
            ClassifierRow row = batch.get(i);
            columns[0][i] = Integer.toString(row.line());
            columns[1][i] = row.oktmo();
            columns[2][i] = Integer.toString(row.section());
            columns[3][i] = row.kind().name();
            columns[4][i] = row.name();
            columns[5][i] = text(row.parentOktmo());
            columns[6][i] = row.regionOktmo();
            columns[7][i] = text(row.centre());
            columns[8][i] = text(row.description());
            columns[9][i] = row.changeNumber() == null ? "" : row.changeNumber().toString();
            columns[10][i] = row.approvedOn() == null ? "" : row.approvedOn().toString();
            columns[11][i] = row.introducedOn() == null ? "" : row.introducedOn().toString();
        }
        return db.sql("""
                        INSERT INTO oktmo_load
                        SELECT t.line::int, t.oktmo, t.section::int, t.kind, t.name, NULLIF(t.parent, ''), t.region,
                               NULLIF(t.centre, ''), NULLIF(t.description, ''), NULLIF(t.change_number, '')::int,
                               NULLIF(t.approved_on, '')::date, NULLIF(t.introduced_on, '')::date
                        FROM unnest(CAST(:c0 AS text[]), CAST(:c1 AS text[]), CAST(:c2 AS text[]),
                                    CAST(:c3 AS text[]), CAST(:c4 AS text[]), CAST(:c5 AS text[]),
                                    CAST(:c6 AS text[]), CAST(:c7 AS text[]), CAST(:c8 AS text[]),
                                    CAST(:c9 AS text[]), CAST(:c10 AS text[]), CAST(:c11 AS text[]))
                             AS t(line, oktmo, section, kind, name, parent, region, centre, description,
                                  change_number, approved_on, introduced_on)""")
                .bind("c0", columns[0]).bind("c1", columns[1]).bind("c2", columns[2]).bind("c3", columns[3])
                .bind("c4", columns[4]).bind("c5", columns[5]).bind("c6", columns[6]).bind("c7", columns[7])
                .bind("c8", columns[8]).bind("c9", columns[9]).bind("c10", columns[10]).bind("c11", columns[11])
                .fetch().rowsUpdated().then();
    }

    /** Progress for the operator API: outside the load's transaction (which commits only at the end). */
    private Mono<Void> progress(int versionId, long rows) {
        return db.sql("UPDATE oktmo_version SET rows_read = :rows WHERE id = :id AND status = 'LOADING'")
                .bind("rows", (int) rows).bind("id", versionId)
                .fetch().rowsUpdated()
                .doOnNext(updated -> {
                    if (rows % (properties.batchSize() * 50L) < properties.batchSize()) {
                        log.info("ОКТМО version {}: {} rows read", versionId, rows);
                    }
                })
                .contextWrite(context -> Context.empty())
                .then();
    }

    private record Duplicate(String oktmo, int line) {
    }

    private Mono<Duplicate> firstDuplicate() {
        return db.sql("SELECT oktmo, max(line) AS line FROM oktmo_load GROUP BY oktmo HAVING count(*) > 1"
                        + " ORDER BY 2 LIMIT 1")
                .map(row -> new Duplicate(row.get("oktmo", String.class), row.get("line", Integer.class)))
                .first();
    }

    private record Summary(long rows, int regions, int municipalities, int populatedPlaces, Integer changeNumber,
                           LocalDate effectiveDate) {
    }

    private record Diff(int added, int renamed, int moved, int abolished) {
    }

    private Mono<OktmoDirectoryChanged> apply(Load load, long rows) {
        int v = load.versionId();
        return currentVersion()
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(previous -> summary()
                        .flatMap(summary -> (previous.isPresent() ? diff(v) : Mono.<Void>empty())
                                .then(closeChanged(v))
                                .then(openNew(v))
                                .then(remap(v))
                                .flatMap(remapped -> diffCounts(v)
                                        .flatMap(diff -> makeCurrent(load, previous.orElse(null), summary, diff,
                                                remapped)))));
    }

    private Mono<Integer> currentVersion() {
        return db.sql("SELECT id FROM oktmo_version WHERE status = 'CURRENT'")
                .map(row -> row.get("id", Integer.class)).first();
    }

    private Mono<Summary> summary() {
        return db.sql("""
                        SELECT count(*) AS rows,
                               count(*) FILTER (WHERE kind = 'REGION') AS regions,
                               count(*) FILTER (WHERE section = 1 AND kind NOT IN ('REGION', 'GROUP')) AS municipalities,
                               count(*) FILTER (WHERE kind = 'POPULATED_PLACE') AS places,
                               max(change_number) AS change_number, max(introduced_on) AS effective_date
                        FROM oktmo_load""")
                .map(row -> new Summary(number(row, "rows"), (int) number(row, "regions"),
                        (int) number(row, "municipalities"), (int) number(row, "places"),
                        row.get("change_number", Integer.class), row.get("effective_date", LocalDate.class)))
                .one();
    }

    /** The diff against the current entries; group headings are not codes anyone uses and are left out. */
    private Mono<Void> diff(int v) {
        return execute(v, """
                INSERT INTO oktmo_change (version_id, oktmo, change, new_name, new_parent, new_region)
                SELECT :v, l.oktmo, 'ADDED', l.name, l.parent_oktmo, l.region_oktmo
                FROM oktmo_load l
                WHERE l.kind <> 'GROUP'
                  AND NOT EXISTS (SELECT 1 FROM oktmo_entry e WHERE e.oktmo = l.oktmo AND e.valid_to IS NULL)""")
                .then(execute(v, """
                        INSERT INTO oktmo_change (version_id, oktmo, change, old_name, new_name, old_parent,
                                                  new_parent, old_region, new_region)
                        SELECT :v, l.oktmo, 'RENAMED', e.name, l.name, e.parent_oktmo, l.parent_oktmo,
                               e.region_oktmo, l.region_oktmo
                        FROM oktmo_load l JOIN oktmo_entry e ON e.oktmo = l.oktmo AND e.valid_to IS NULL
                        WHERE l.kind <> 'GROUP' AND e.name <> l.name"""))
                .then(execute(v, """
                        INSERT INTO oktmo_change (version_id, oktmo, change, old_name, new_name, old_parent,
                                                  new_parent, old_region, new_region)
                        SELECT :v, l.oktmo, 'MOVED', e.name, l.name, e.parent_oktmo, l.parent_oktmo,
                               e.region_oktmo, l.region_oktmo
                        FROM oktmo_load l JOIN oktmo_entry e ON e.oktmo = l.oktmo AND e.valid_to IS NULL
                        WHERE l.kind <> 'GROUP' AND (e.parent_oktmo IS DISTINCT FROM l.parent_oktmo
                                                     OR e.region_oktmo <> l.region_oktmo)"""))
                // A change record: a new code whose NomDescr names the abolished code it replaces.
                .then(execute(v, """
                        INSERT INTO oktmo_change (version_id, oktmo, change, old_name, old_parent, old_region,
                                                  replaced_by)
                        SELECT :v, e.oktmo, 'ABOLISHED', e.name, e.parent_oktmo, e.region_oktmo,
                               (SELECT l.oktmo FROM oktmo_load l
                                WHERE l.description IS NOT NULL
                                  AND l.description ~ ('(^|[^0-9])' || e.oktmo || '([^0-9]|$)')
                                  AND NOT EXISTS (SELECT 1 FROM oktmo_entry c
                                                  WHERE c.oktmo = l.oktmo AND c.valid_to IS NULL)
                                ORDER BY l.line LIMIT 1)
                        FROM oktmo_entry e
                        WHERE e.valid_to IS NULL AND e.kind <> 'GROUP'
                          AND NOT EXISTS (SELECT 1 FROM oktmo_load l WHERE l.oktmo = e.oktmo)"""));
    }

    /** Closes every current entry the file does not hold unchanged (abolished, renamed, moved, otherwise edited). */
    private Mono<Void> closeChanged(int v) {
        return execute(v, """
                UPDATE oktmo_entry e SET valid_to = :v, updated_at = now()
                WHERE e.valid_to IS NULL
                  AND NOT EXISTS (SELECT 1 FROM oktmo_load l
                                  WHERE l.oktmo = e.oktmo AND l.kind = e.kind AND l.name = e.name
                                    AND l.parent_oktmo IS NOT DISTINCT FROM e.parent_oktmo
                                    AND l.region_oktmo = e.region_oktmo
                                    AND l.centre IS NOT DISTINCT FROM e.centre
                                    AND l.description IS NOT DISTINCT FROM e.description
                                    AND l.change_number IS NOT DISTINCT FROM e.change_number
                                    AND l.approved_on IS NOT DISTINCT FROM e.approved_on
                                    AND l.introduced_on IS NOT DISTINCT FROM e.introduced_on)""");
    }

    /** Opens an entry for every row that has no current one (new, or its previous record just closed). */
    private Mono<Void> openNew(int v) {
        return execute(v, """
                INSERT INTO oktmo_entry (oktmo, valid_from, kind, name, parent_oktmo, region_oktmo, centre,
                                         change_number, approved_on, introduced_on, description)
                SELECT l.oktmo, :v, l.kind, l.name, l.parent_oktmo, l.region_oktmo, l.centre, l.change_number,
                       l.approved_on, l.introduced_on, l.description
                FROM oktmo_load l
                WHERE NOT EXISTS (SELECT 1 FROM oktmo_entry e WHERE e.oktmo = l.oktmo AND e.valid_to IS NULL)""");
    }

    /** ЛКО organisations of an abolished code that a change record maps to its successor get the successor. */
    private Mono<Integer> remap(int v) {
        return db.sql("""
                        WITH remapped AS (
                            UPDATE organisation o SET oktmo = c.replaced_by, updated_at = clock_timestamp()
                            FROM oktmo_change c
                            WHERE c.version_id = :v AND c.change = 'ABOLISHED' AND c.replaced_by IS NOT NULL
                              AND o.oktmo = c.oktmo
                            RETURNING o.id)
                        SELECT count(*) AS remapped FROM remapped""")
                .bind("v", v)
                .map(row -> (int) number(row, "remapped"))
                .one();
    }

    private Mono<Diff> diffCounts(int v) {
        return db.sql("""
                        SELECT count(*) FILTER (WHERE change = 'ADDED') AS added,
                               count(*) FILTER (WHERE change = 'RENAMED') AS renamed,
                               count(*) FILTER (WHERE change = 'MOVED') AS moved,
                               count(*) FILTER (WHERE change = 'ABOLISHED') AS abolished
                        FROM oktmo_change WHERE version_id = :v""")
                .bind("v", v)
                .map(row -> new Diff((int) number(row, "added"), (int) number(row, "renamed"),
                        (int) number(row, "moved"), (int) number(row, "abolished")))
                .one();
    }

    private Mono<OktmoDirectoryChanged> makeCurrent(Load load, Integer previous, Summary summary, Diff diff,
                                                    int remapped) {
        int v = load.versionId();
        Mono<OktmoDirectoryChanged> current = db.sql("""
                        UPDATE oktmo_version
                        SET status = 'CURRENT', rows_read = :rows, regions = :regions,
                            municipalities = :municipalities, populated_places = :places,
                            change_number = :changeNumber, effective_date = :effectiveDate, added = :added,
                            renamed = :renamed, moved = :moved, abolished = :abolished,
                            previous_version_id = :previous, organisations_remapped = :remapped,
                            loaded_at = clock_timestamp()
                        WHERE id = :v AND status = 'LOADING'
                        RETURNING file_name, sha256, loaded_at""")
                .bind("rows", (int) summary.rows())
                .bind("regions", summary.regions())
                .bind("municipalities", summary.municipalities())
                .bind("places", summary.populatedPlaces())
                .bind("changeNumber", Parameter.fromOrEmpty(summary.changeNumber(), Integer.class))
                .bind("effectiveDate", Parameter.fromOrEmpty(summary.effectiveDate(), LocalDate.class))
                .bind("added", diff.added())
                .bind("renamed", diff.renamed())
                .bind("moved", diff.moved())
                .bind("abolished", diff.abolished())
                .bind("previous", Parameter.fromOrEmpty(previous, Integer.class))
                .bind("remapped", remapped)
                .bind("v", v)
                .map(row -> new OktmoDirectoryChanged(v, previous, summary.changeNumber(), summary.effectiveDate(),
                        row.get("file_name", String.class), row.get("sha256", String.class).strip(),
                        row.get("loaded_at", OffsetDateTime.class).toInstant(), diff.added(), diff.renamed(),
                        diff.moved(), diff.abolished(), remapped))
                .one()
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("ОКТМО version " + v
                        + " is no longer LOADING")));
        return db.sql("UPDATE oktmo_version SET status = 'SUPERSEDED' WHERE status = 'CURRENT'")
                .fetch().rowsUpdated()
                .then(current)
                .flatMap(event -> announce(event).thenReturn(event));
    }

    private Mono<Void> announce(OktmoDirectoryChanged event) {
        String key = Integer.toString(event.versionId());
        UUID correlation = UUID.nameUUIDFromBytes(("oktmo-directory-version-" + key).getBytes());
        Envelope<OktmoDirectoryChanged> envelope = Envelope.create(MessageTypes.OKTMO_DIRECTORY_CHANGED, SOURCE,
                correlation, null, key, event);
        return outbox.toKafka(Destinations.OKTMO_DIRECTORY_TOPIC, key, envelope);
    }

    private Mono<Void> markFailed(Load load, Throwable error) {
        String reason = error instanceof MalformedClassifierException malformed ? malformed.getMessage()
                : error instanceof UncheckedIOException io ? "the file could not be read: " + io.getCause().getMessage()
                : "the load failed: " + error;
        if (error instanceof MalformedClassifierException) {
            log.warn("ОКТМО file {} (version {}) refused: {}", load.fileName(), load.versionId(), reason);
        } else {
            log.error("ОКТМО file {} (version {}) failed to load", load.fileName(), load.versionId(), error);
        }
        return db.sql("UPDATE oktmo_version SET status = 'FAILED', error = :error WHERE id = :id"
                        + " AND status = 'LOADING'")
                .bind("error", reason).bind("id", load.versionId())
                .fetch().rowsUpdated()
                .then()
                .onErrorResume(cannotRecord -> {
                    log.error("ОКТМО version {} could not be marked FAILED", load.versionId(), cannotRecord);
                    return Mono.empty();
                });
    }

    private Mono<Void> execute(String sql) {
        return db.sql(sql).fetch().rowsUpdated().then();
    }

    private Mono<Void> execute(int v, String sql) {
        return db.sql(sql).bind("v", v).fetch().rowsUpdated().then();
    }

    private static long number(Readable row, String column) {
        Number value = row.get(column, Number.class);
        return value == null ? 0 : value.longValue();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
