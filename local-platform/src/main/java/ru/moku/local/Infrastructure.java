package ru.moku.local;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Destinations.WorkQueue;

/**
 * The machine's PostgreSQL and RabbitMQ as the local run and the end-to-end tests need them: checked
 * for reachability (with the command that starts each), a database made fresh, the platform's
 * RabbitMQ names under a prefix removed. Plain blocking JDBC/AMQP: called from main threads only.
 */
public final class Infrastructure {

    static final String START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
    static final String START_RABBITMQ = "rabbitmq-server -detached";

    private Infrastructure() {
    }

    /** What is not reachable, each with how to start it; empty when all is well. */
    public static List<String> unreachable(String postgresHost, int postgresPort, String rabbitHost, int rabbitPort) {
        List<String> problems = new ArrayList<>();
        if (!listening(postgresHost, postgresPort)) {
            problems.add("PostgreSQL is not reachable at " + postgresHost + ":" + postgresPort
                    + " — start it with: " + START_POSTGRES);
        }
        if (!listening(rabbitHost, rabbitPort)) {
            problems.add("RabbitMQ is not reachable at " + rabbitHost + ":" + rabbitPort
                    + " — start it with: " + START_RABBITMQ);
        }
        return problems;
    }

    /** Drops {@code database} if it exists and creates it empty. */
    public static void recreateDatabase(String host, int port, String user, String database) {
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (var connection = DriverManager.getConnection(admin, user, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("could not recreate database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Drops {@code database} if it exists. */
    public static void dropDatabase(String host, int port, String user, String database) {
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (var connection = DriverManager.getConnection(admin, user, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + database + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the platform's queues and exchanges under {@code prefix}, so a run starts empty. */
    public static void deleteBrokerNames(String rabbitHost, String prefix) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        try (Connection connection = factory.newConnection("moku-local-cleanup");
             Channel channel = connection.createChannel()) {
            for (WorkQueue queue : Destinations.WORK_QUEUES) {
                channel.queueDelete(prefix + queue.queue());
                channel.queueDelete(prefix + queue.deadLetterQueue());
            }
            for (String exchange : Destinations.EXCHANGES) {
                channel.exchangeDelete(prefix + exchange);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not clean RabbitMQ names " + prefix + "*: " + e.getMessage(), e);
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
