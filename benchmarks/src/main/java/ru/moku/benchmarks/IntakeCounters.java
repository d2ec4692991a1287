package ru.moku.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The two counts the benchmark polls many times a second: raw messages the gateway stored and cards
 * card-processor stored. One open JDBC connection and a bare {@code count(*)} each, so that polling
 * stays a small fraction of the machine ({@code PlatformState} reads everything, for the final check).
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

    /** Service cards stored by card-processor. */
    long cards() {
        return count("SELECT count(*) FROM qal.service_card");
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
