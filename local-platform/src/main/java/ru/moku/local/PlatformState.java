package ru.moku.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the platform's database says right now: raw messages by status, cards by stage, duplicates,
 * incidents, the parties' ОКТМО statuses, the organisations in ПОС.ОС ({@code pos_os}) by status with their manual
 * reviews, and the organisations in ЛКО ({@code lko}) — of the whole platform, or of one batch of SMEV messages (what
 * one driver sent, whatever else arrives meanwhile). Read with JDBC from the driver's thread (progress display and
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
     * One reading, of the whole platform or of one batch ({@link #readBatch}).
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

    /** One reading of the whole platform: every message, card and organisation, whoever sent it. */
    public Snapshot read() {
        return read(null);
    }

    /**
     * One reading of one batch: the raw messages, instances, cards and parties of the SMEV messages
     * {@code smevMessageIds}, and the ПОС.ОС and ЛКО organisations of those cards; whatever else reached the platform
     * meanwhile (another driver, a push while {@code --keep-running}) is left out. Open incidents are counted for the
     * whole platform: their subjects are of several kinds (card, organisation, identifier).
     */
    public Snapshot readBatch(Collection<String> smevMessageIds) {
        return read(Objects.requireNonNull(smevMessageIds, "smevMessageIds"));
    }

    /** The application numbers of the cards of the SMEV messages {@code smevMessageIds}. */
    public Set<String> applicationNumbers(Collection<String> smevMessageIds) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement()) {
            Scope scope = Scope.of(connection, smevMessageIds);
            Set<String> numbers = new HashSet<>();
            try (ResultSet rows = statement.executeQuery("SELECT application_number FROM " + scope.cards() + " c")) {
                while (rows.next()) {
                    numbers.add(rows.getString(1));
                }
            }
            return numbers;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Snapshot read(Collection<String> smevMessageIds) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
             Statement statement = connection.createStatement()) {
            Scope scope = Scope.of(connection, smevMessageIds);
            Map<Integer, Long> raw = groupInt(statement,
                    "SELECT status, count(*) FROM " + scope.rawMessages() + " r GROUP BY status");
            Map<Integer, Long> instances = groupInt(statement, "SELECT i.status, count(*) FROM smev.integration_instance i"
                    + " JOIN " + scope.rawMessages() + " r ON r.id = i.raw_message_id GROUP BY i.status");
            Map<String, Long> stages = groupText(statement,
                    "SELECT stage, count(*) FROM " + scope.cards() + " c GROUP BY stage");
            long cards = stages.values().stream().mapToLong(Long::longValue).sum();
            // The same SMEV message and position stored as two cards would be a duplicate.
            long duplicates = single(statement, "SELECT count(*) FROM (SELECT smev_message_id, position FROM "
                    + scope.cards() + " c GROUP BY smev_message_id, position HAVING count(*) > 1) d");
            long instanceCount = instances.values().stream().mapToLong(Long::longValue).sum();
            long incidents = 0;
            for (String schema : SERVICE_SCHEMAS) {
                incidents += single(statement, "SELECT count(*) FROM " + schema + ".incident WHERE status = 'OPEN'");
            }
            Map<String, Long> oktmo = groupText(statement, """
                    SELECT coalesce(oktmo_status, 'WAITING'), count(*) FROM (
                        SELECT oktmo_status, card_id FROM qal.organisation
                        UNION ALL SELECT oktmo_status, card_id FROM qal.founder) p
                    JOIN %s c ON c.id = p.card_id
                    GROUP BY 1""".formatted(scope.cards()));
            String organisationIds = "(SELECT DISTINCT o.moku_organisation_id FROM qal.organisation o JOIN "
                    + scope.cards() + " c ON c.id = o.card_id)";
            String posOsOrganisations = scope.whole() ? "pos_os.organisation"
                    : "(SELECT * FROM pos_os.organisation WHERE moku_organisation_id IN " + organisationIds + ")";
            Map<String, Long> posOs = groupText(statement,
                    "SELECT status, count(*) FROM " + posOsOrganisations + " p GROUP BY status");
            long manualReviews = single(statement, "SELECT count(*) FROM pos_os.manual_review WHERE status = 'OPEN'"
                    + (scope.whole() ? "" : " AND moku_organisation_id IN " + organisationIds));
            long lko = single(statement, "SELECT count(*) FROM lko.organisation"
                    + (scope.whole() ? "" : " WHERE moku_organisation_id IN " + organisationIds));
            return new Snapshot(raw, stages, cards, duplicates, instanceCount, instances, incidents, oktmo, posOs,
                    manualReviews, lko);
        } catch (SQLException e) {
            // Schemas appear as services start; until then there is nothing to count.
            return new Snapshot(Map.of(), Map.of(), 0, 0, 0, Map.of(), 0, Map.of(), Map.of(), 0, 0);
        }
    }

    /**
     * The rows a reading counts, as table expressions: every raw message and card, or those of one batch of SMEV
     * messages (kept in a temporary table of the reading's connection, dropped when it closes).
     */
    private record Scope(String rawMessages, String cards, boolean whole) {

        static Scope of(Connection connection, Collection<String> smevMessageIds) throws SQLException {
            if (smevMessageIds == null) {
                return new Scope("smev.raw_message", "qal.service_card", true);
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMPORARY TABLE batch_message (smev_message_id TEXT PRIMARY KEY)");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO batch_message SELECT DISTINCT unnest(?) ON CONFLICT DO NOTHING")) {
                insert.setArray(1, connection.createArrayOf("text", smevMessageIds.toArray()));
                insert.executeUpdate();
            }
            return new Scope(
                    "(SELECT r.* FROM smev.raw_message r JOIN pg_temp.batch_message b USING (smev_message_id))",
                    "(SELECT c.* FROM qal.service_card c JOIN pg_temp.batch_message b USING (smev_message_id))",
                    false);
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
