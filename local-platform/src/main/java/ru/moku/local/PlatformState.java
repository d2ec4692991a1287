package ru.moku.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the platform's database says right now: raw messages by status, cards by stage, duplicates,
 * incidents, the parties' ОКТМО statuses, the organisations in ПОС.ОС ({@code pos_os}) by status with their manual
 * reviews, and the organisations in ЛКО ({@code lko}). Read with JDBC from the driver's thread (progress display and
 * test assertions).
 */
public final class PlatformState {

    /** The schemas of the services whose incidents count. */
    private static final String[] SERVICE_SCHEMAS = {"smev", "qal", "enrichment", "pos_os", "lko"};

    private final String jdbcUrl;
    private final String user;

    public PlatformState(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /**
     * One reading.
     *
     * @param posOsOrganisationsByStatus organisations in ПОС.ОС by status (ACCEPTED, CREATED_IN_LKO, MANUAL_REVIEW,
     *                                   FAILED)
     * @param openManualReviews          ПОС.ОС's open manual reviews (organisations ЛКО refused)
     * @param lkoOrganisations           organisations created in ЛКО
     */
    public record Snapshot(Map<Integer, Long> rawByStatus, Map<String, Long> cardsByStage, long cards,
                           long duplicateCards, long instances, Map<Integer, Long> instancesByStatus,
                           long openIncidents, Map<String, Long> partiesByOktmoStatus,
                           Map<String, Long> posOsOrganisationsByStatus, long openManualReviews,
                           long lkoOrganisations) {

        public long rawMessages() {
            return rawByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        public long rawWithStatus(int status) {
            return rawByStatus.getOrDefault(status, 0L);
        }

        public long cardsInStage(String stage) {
            return cardsByStage.getOrDefault(stage, 0L);
        }

        /** Cards in any of {@code stages}. */
        public long cardsInStages(Collection<String> stages) {
            return stages.stream().mapToLong(this::cardsInStage).sum();
        }

        public long posOsOrganisations() {
            return posOsOrganisationsByStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        public long posOsOrganisationsWithStatus(String status) {
            return posOsOrganisationsByStatus.getOrDefault(status, 0L);
        }
    }

    public Snapshot read() {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement()) {
            Map<Integer, Long> raw = groupInt(statement, "SELECT status, count(*) FROM smev.raw_message GROUP BY status");
            Map<Integer, Long> instances = groupInt(statement,
                    "SELECT status, count(*) FROM smev.integration_instance GROUP BY status");
            Map<String, Long> stages = groupText(statement, "SELECT stage, count(*) FROM qal.service_card GROUP BY stage");
            long cards = single(statement, "SELECT count(*) FROM qal.service_card");
            // The same SMEV message and position stored as two cards would be a duplicate.
            long duplicates = single(statement, """
                    SELECT count(*) FROM (SELECT smev_message_id, position FROM qal.service_card
                                          GROUP BY smev_message_id, position HAVING count(*) > 1) d""");
            long instanceCount = instances.values().stream().mapToLong(Long::longValue).sum();
            long incidents = 0;
            for (String schema : SERVICE_SCHEMAS) {
                incidents += single(statement, "SELECT count(*) FROM " + schema + ".incident WHERE status = 'OPEN'");
            }
            Map<String, Long> oktmo = groupText(statement, """
                    SELECT coalesce(oktmo_status, 'WAITING'), count(*) FROM (
                        SELECT oktmo_status FROM qal.organisation UNION ALL SELECT oktmo_status FROM qal.founder) p
                    GROUP BY 1""");
            Map<String, Long> posOs = groupText(statement,
                    "SELECT status, count(*) FROM pos_os.organisation GROUP BY status");
            long manualReviews = single(statement, "SELECT count(*) FROM pos_os.manual_review WHERE status = 'OPEN'");
            long lko = single(statement, "SELECT count(*) FROM lko.organisation");
            return new Snapshot(raw, stages, cards, duplicates, instanceCount, instances, incidents, oktmo, posOs,
                    manualReviews, lko);
        } catch (SQLException e) {
            // Schemas appear as services start; until then there is nothing to count.
            return new Snapshot(Map.of(), Map.of(), 0, 0, 0, Map.of(), 0, Map.of(), Map.of(), 0, 0);
        }
    }

    /** Open incidents of one kind in one service schema. */
    public long openIncidents(String schema, String kind) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement()) {
            return single(statement, "SELECT count(*) FROM " + schema + ".incident WHERE status = 'OPEN' AND kind = '"
                    + kind.replace("'", "") + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Long> groupInt(Statement statement, String sql) throws SQLException {
        Map<Integer, Long> result = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.put(rows.getInt(1), rows.getLong(2));
            }
        }
        return result;
    }

    private static Map<String, Long> groupText(Statement statement, String sql) throws SQLException {
        Map<String, Long> result = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.put(rows.getString(1), rows.getLong(2));
            }
        }
        return result;
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
