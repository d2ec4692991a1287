package ru.moku.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The two counts the benchmark polls many times a second: raw messages the gateway stored and cards
 * card-processor stored. One open JDBC connection and a bare {@code count(*)} each, so that polling
 * stays a small fraction of the machine; {@link #check()} reads the rest once, at the end.
 */
final class IntakeCounters implements AutoCloseable {

    private final Connection connection;

    IntakeCounters(String jdbcUrl, String user) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, "");
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** Raw SMEV messages stored by the gateway (every status). */
    long rawMessages() {
        return count("SELECT count(*) FROM smev.raw_message");
    }

    /** Raw messages whose cards card-processor has answered for (status 3 processed, -3 processed with errors). */
    long processedRawMessages() {
        return count("SELECT count(*) FROM smev.raw_message WHERE status IN (3, -3)");
    }

    /** Service cards stored by card-processor. */
    long cards() {
        return count("SELECT count(*) FROM qal.service_card");
    }

    /**
     * Pull latency percentiles in milliseconds — from the SMEV simulator's {@code DeliveryTimestamp} (its clock, when
     * it answered the GetResponse, before rendering and signing the answer) to the gateway's intake transaction
     * ({@code received_at}) — of the pulled messages after the first {@code skip} (the warm-up), by {@code received_at};
     * null when there are none.
     *
     * @return p50, p99 and the number of messages they were taken from
     */
    double[] pullLatencyMillis(int skip, double... percentiles) {
        String sql = """
                SELECT %s, count(*) FROM (
                  SELECT extract(epoch FROM received_at
                           - substring(body FROM 'DeliveryTimestamp>([^<]+)<')::timestamptz) * 1000 AS ms
                  FROM smev.raw_message WHERE source = 'PULL' ORDER BY received_at OFFSET %d) pulled""".formatted(
                Arrays.stream(percentiles)
                        .mapToObj(p -> "percentile_cont(" + p + ") WITHIN GROUP (ORDER BY ms)")
                        .collect(Collectors.joining(", ")), skip);
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            double[] values = new double[percentiles.length + 1];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.getDouble(i + 1);
            }
            return values[percentiles.length] == 0 ? null : values;
        } catch (SQLException e) {
            throw new IllegalStateException("pull latencies: " + e.getMessage(), e);
        }
    }

    /**
     * What the database held at the end of a phase: a fast run that lost or doubled cards is no result.
     *
     * @param rawByStatus    the gateway's raw messages by status
     * @param cards          cards card-processor stored
     * @param cardsByStage   those cards by stage
     * @param duplicateCards cards stored twice for one SMEV message and position
     * @param openIncidents  open incidents of the gateway and card-processor
     */
    record Check(Map<Integer, Long> rawByStatus, long cards, Map<String, Long> cardsByStage, long duplicateCards,
                 long openIncidents) {
    }

    /**
     * Reads the {@link Check}. Only the gateway's and card-processor's schemas: the benchmark starts nothing else
     * ({@code PlatformState} also reads org-registry's and survey-service's, which are absent here).
     */
    Check check() {
        Map<Integer, Long> raw = new TreeMap<>();
        Map<String, Long> stages = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT status, count(*) FROM smev.raw_message GROUP BY status")) {
                while (rows.next()) {
                    raw.put(rows.getInt(1), rows.getLong(2));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT stage, count(*) FROM qal.service_card GROUP BY stage")) {
                while (rows.next()) {
                    stages.put(rows.getString(1), rows.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the database at the end: " + e.getMessage(), e);
        }
        long duplicates = count("SELECT count(*) FROM (SELECT smev_message_id, position FROM qal.service_card "
                + "GROUP BY smev_message_id, position HAVING count(*) > 1) d");
        long incidents = count("SELECT count(*) FROM smev.incident WHERE status = 'OPEN'")
                + count("SELECT count(*) FROM qal.incident WHERE status = 'OPEN'");
        return new Check(raw, stages.values().stream().mapToLong(Long::longValue).sum(), stages, duplicates, incidents);
    }

    private long count(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a connection to a database that is dropped next: nothing left to do.
        }
    }
}
