package ru.moku.runtime.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test class on the machine's real PostgreSQL
 * ({@code 127.0.0.1:5432}, or {@code MOKU_TEST_PG_HOST}/{@code MOKU_TEST_PG_PORT}), dropped on close.
 * Set-up and tear-down use JDBC on the test's main thread, outside any reactive pipeline.
 */
public final class TestDatabase implements AutoCloseable {

    private static final String HOST = System.getenv().getOrDefault("MOKU_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("MOKU_TEST_PG_PORT", "5432");
    private static final String USER = System.getenv().getOrDefault("MOKU_TEST_PG_USER", "postgres");

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    public static TestDatabase create() {
        String name = "moku_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        execute("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    /** The server's host ({@code MOKU_TEST_PG_HOST}, default 127.0.0.1). */
    public static String host() {
        return HOST;
    }

    /** The server's port ({@code MOKU_TEST_PG_PORT}, default 5432). */
    public static int port() {
        return Integer.parseInt(PORT);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + HOST + ":" + PORT + "/" + name;
    }

    /** Spring properties that point a service at this database, in {@code schema}. */
    public Map<String, Object> springProperties(String schema) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.r2dbc.url", r2dbcUrl() + "?schema=" + schema);
        properties.put("spring.r2dbc.username", USER);
        properties.put("spring.flyway.url", jdbcUrl());
        properties.put("spring.flyway.user", USER);
        properties.put("spring.flyway.schemas", schema);
        properties.put("spring.flyway.default-schema", schema);
        return properties;
    }

    /** Runs a query on this database and returns the first column of the first row (for assertions). */
    public <T> T queryForObject(String sql, Class<T> type) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, "");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                return null;
            }
            return rows.getObject(1, type);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a query on this database and returns the first column of every row as text (for assertions). */
    public List<String> strings(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, "");
             Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement on this database. */
    public void update(String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String sql) {
        Long value = queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " refused '" + sql + "': "
                    + e.getMessage() + " (start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", e);
        }
    }
}
