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
    private final Connection connection;
    private final long backendPid;

    Counters(String jdbcUrl, String user, String database) {
        this.database = database;
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

    /** Cards at an end stage; -1 before the table exists (the services have not migrated yet). */
    long finished() {
        return single("SELECT count(*) FROM qal.service_card WHERE stage IN " + END_STAGES);
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
