package ru.moku.benchmarks.chain;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark's one PostgreSQL connection to the run's database: cards at their end stage, cards by stage, the run's
 * backends (for {@link ProcessCpu}), unpublished outbox rows. Blocking: the driver's main thread only.
 */
final class Counters implements AutoCloseable {

    /** A card's end stages when no survey is answered: link sent, or flagged (wrong ИНН). */
    static final String END_STAGES = "('LINK_SENT', 'FLAGGED', 'SURVEY_COMPLETED')";
    private static final String[] SCHEMAS = {"smev", "qal", "enrichment", "pos_os", "lko"};

    private final String database;
    /** Intake only: a card is done when card-processor stored it and the gateway applied its outcome. */
    private final boolean intake;
    private final Connection connection;
    private final long backendPid;

    Counters(String jdbcUrl, String user, String database, boolean intake) {
        this.database = database;
        this.intake = intake;
        try {
            this.connection = DriverManager.getConnection(jdbcUrl + "?ApplicationName=moku-bench-counters", user, "");
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                row.next();
                this.backendPid = row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    long backendPid() {
        return backendPid;
    }

    /**
     * Cards at an end stage — intake only: integration instances the gateway settled with card-processor's outcome
     * (PROCESSED 2, FAILED -2) —; -1 before the table exists (the services have not migrated yet).
     */
    long finished() {
        return intake ? single("SELECT count(*) FROM smev.integration_instance WHERE status IN (2, -2)")
                : single("SELECT count(*) FROM qal.service_card WHERE stage IN " + END_STAGES);
    }

    /** Raw messages the gateway has stored; -1 before the table exists. */
    long rawMessages() {
        return single("SELECT count(*) FROM smev.raw_message");
    }

    Map<String, Long> byStage() {
        Map<String, Long> stages = new TreeMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT stage, count(*) FROM qal.service_card GROUP BY stage")) {
            while (rows.next()) {
                stages.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            stages.put("(unreadable: " + e.getMessage() + ")", 0L);
        }
        return stages;
    }

    /** Cards stored more than once for one SMEV message (must be 0). */
    long duplicates() {
        return single("SELECT count(*) FROM (SELECT smev_message_id FROM qal.service_card GROUP BY smev_message_id"
                + " HAVING count(*) > 1) d");
    }

    /** Unpublished outbox rows, all schemas. */
    long outboxUnpublished() {
        long total = 0;
        for (String schema : SCHEMAS) {
            long rows = single("SELECT count(*) FROM " + schema + ".outbox WHERE published_at IS NULL");
            total += Math.max(0, rows);
        }
        return total;
    }

    /** Open incidents, all schemas that keep them. */
    long openIncidents() {
        long total = 0;
        for (String schema : SCHEMAS) {
            long rows = single("SELECT count(*) FROM " + schema + ".incident WHERE status <> 'RESOLVED'");
            total += Math.max(0, rows);
        }
        return total;
    }

    /**
     * The run database's activity so far ({@code pg_stat_database}: commits, rows written), for per-card figures; the
     * server publishes a backend's counts when its transaction ends (at most about a second later when it is busy).
     */
    DatabaseActivity activity() {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT xact_commit, xact_rollback, tup_inserted, tup_updated,"
                     + " tup_deleted FROM pg_stat_database WHERE datname = '" + database + "'")) {
            if (!row.next()) {
                return null;
            }
            return new DatabaseActivity(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
                    row.getLong(5));
        } catch (SQLException e) {
            return null;
        }
    }

    /** Counts of {@code pg_stat_database} for the run's database (the benchmark's own reads included: few). */
    record DatabaseActivity(long commits, long rollbacks, long inserted, long updated, long deleted) {

        DatabaseActivity minus(DatabaseActivity earlier) {
            return new DatabaseActivity(commits - earlier.commits, rollbacks - earlier.rollbacks,
                    inserted - earlier.inserted, updated - earlier.updated, deleted - earlier.deleted);
        }
    }

    /** Pids of this run's backends (the run's database), without this connection's. */
    Set<Long> runBackends() {
        Set<Long> pids = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = '"
                     + database + "'")) {
            while (rows.next()) {
                pids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            // none known
        }
        pids.remove(backendPid);
        return pids;
    }

    /** Connections of the run's database now (the services' pools; this connection excluded). */
    int connections() {
        return runBackends().size();
    }

    private long single(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
