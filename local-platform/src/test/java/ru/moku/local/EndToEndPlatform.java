package ru.moku.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.runtime.testing.TestRabbit;

/**
 * The whole platform for one end-to-end test: a database and RabbitMQ names of its own, the shared test Kafka broker,
 * every part started; {@link #close()} stops the parts and removes the database and the names. Queries run with JDBC
 * on the test's thread.
 */
final class EndToEndPlatform implements AutoCloseable {

    /**
     * What every end-to-end test overrides: redeliveries and the outbox relay without the production pauses, and
     * Dadata's limit raised — its real 30/s would add about a minute per 1,000 cards; the limiter has tests of its
     * own (the Dadata simulator itself limits nothing unless told to). Each service's connection pool is capped at 6:
     * five services, the tests' JDBC reads and the other modules' tests running alongside stay far below PostgreSQL's
     * 100 connections (the services' own default is 16 each). And no banner from each of the eight contexts on the
     * console.
     */
    private static final Map<String, String> QUICK = Map.of(
            "moku.messaging.consumer.first-backoff", "50ms",
            "moku.messaging.outbox.poll-interval", "20ms",
            // Published outbox rows kept (marked, as before issue 12) instead of deleted: some tests read what a
            // service sent from its outbox.
            "moku.messaging.outbox.keep-published", "true",
            "moku.enrichment.resilience.rate-limit", "400",
            // Files on SMEV's file storage: looked for every 200 ms (not 5 s), a failed fetch tried again after 500 ms.
            "moku.gateway.attachments.fetch.interval", "200ms",
            "moku.gateway.attachments.fetch.first-backoff", "500ms",
            "spring.r2dbc.pool.initial-size", "1",
            "spring.r2dbc.pool.max-size", "6",
            "spring.main.banner-mode", "off");

    private final TestDatabase database;
    private final TestRabbit rabbit;
    private final Platform platform;
    private final PlatformState state;

    private EndToEndPlatform(TestDatabase database, TestRabbit rabbit, Platform platform) {
        this.database = database;
        this.rabbit = rabbit;
        this.platform = platform;
        this.state = new PlatformState(platform.jdbcUrl(), "postgres");
    }

    /**
     * Starts every part with {@link #QUICK} and then {@code overrides} (which win), speaking real SMEV with signatures
     * ({@link SmevProfile#REAL}), as the local run does. One platform runs in the test JVM at a time: the shared one
     * ({@link SharedEndToEndPlatform}), if it runs, is closed first.
     */
    static EndToEndPlatform start(Map<String, String> overrides) {
        return start(overrides, SmevProfile.REAL);
    }

    /** {@link #start(Map)} speaking SMEV as {@code smev} says. */
    static EndToEndPlatform start(Map<String, String> overrides, SmevProfile smev) {
        SharedEndToEndPlatform.closeIfRunning();
        Map<String, String> properties = new HashMap<>(QUICK);
        properties.putAll(overrides);
        TestDatabase database = TestDatabase.create();
        TestRabbit rabbit = TestRabbit.create();
        Platform platform = new Platform(new Platform.Settings(TestDatabase.host(), TestDatabase.port(), "postgres", database.name(),
                "127.0.0.1", rabbit.prefix(), TestKafka.bootstrapServers(), Map.of(), properties, null, smev));
        EndToEndPlatform started = new EndToEndPlatform(database, rabbit, platform);
        try {
            platform.start();
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    Platform platform() {
        return platform;
    }

    PlatformState state() {
        return state;
    }

    /** Reads one row of a result set. */
    interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Every row of {@code sql} in the platform's database. */
    <T> List<T> query(String sql, Row<T> row) {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(row.read(rows));
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row of {@code sql}, as text. */
    List<String> strings(String sql) {
        return query(sql, rows -> rows.getString(1));
    }

    /** The single number {@code sql} answers (a count). */
    long count(String sql) {
        return query(sql, rows -> rows.getLong(1)).get(0);
    }

    /**
     * {@code ids} as an SQL list of literals, e.g. {@code ('a', 'b')}, to restrict a query to one batch; the ids come
     * from the simulators (UUIDs), never from an outside source.
     */
    static String sqlList(Collection<String> ids) {
        return ids.stream().map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(", ", "(", ")"));
    }

    /** Open incidents of the given service schemas, counted by {@code "<schema> <kind>"}. */
    Map<String, Long> openIncidents(String... schemas) {
        Map<String, Long> incidents = new TreeMap<>();
        for (String schema : schemas) {
            query("SELECT kind, count(*) FROM " + schema + ".incident WHERE status = 'OPEN' GROUP BY kind",
                    rows -> incidents.put(schema + " " + rows.getString(1), rows.getLong(2)));
        }
        return incidents;
    }

    @Override
    public void close() {
        try {
            platform.close();
        } finally {
            try {
                rabbit.close();
            } finally {
                database.close();
            }
        }
    }
}
