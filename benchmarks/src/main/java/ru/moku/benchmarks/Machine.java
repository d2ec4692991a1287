package ru.moku.benchmarks;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The machine a result was measured on, so that figures from two machines are not compared as if
 * they were one.
 *
 * @param cores      processors available to the JVM
 * @param memory     physical memory, e.g. "23.4 GiB"
 * @param cpu        CPU model (Linux {@code /proc/cpuinfo}), or "unknown"
 * @param os         operating system, version, architecture
 * @param java       Java runtime and VM
 * @param maxHeap    the benchmark JVM's maximum heap
 * @param postgres   PostgreSQL server version
 * @param rabbitmq   RabbitMQ server version
 */
public record Machine(int cores, String memory, String cpu, String os, String java, String maxHeap, String postgres,
                      String rabbitmq) {

    public static Machine describe() {
        return describe(postgresVersion(), rabbitmqVersion());
    }

    /** The machine without asking PostgreSQL and RabbitMQ, for a benchmark that uses neither. */
    public static Machine describeWithoutServers() {
        return describe("not used", "not used");
    }

    private static Machine describe(String postgres, String rabbitmq) {
        long memoryBytes = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), gibibytes(memoryBytes), cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                gibibytes(Runtime.getRuntime().maxMemory()), postgres, rabbitmq);
    }

    /** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "unknown": how busy the machine was. */
    public static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String gibibytes(long bytes) {
        return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String postgresVersion() {
        String url = "jdbc:postgresql://" + Environment.HOST + ":" + Environment.POSTGRES_PORT + "/postgres";
        try (var connection = DriverManager.getConnection(url, Environment.POSTGRES_USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String rabbitmqVersion() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(Environment.HOST);
        factory.setPort(Environment.RABBITMQ_PORT);
        try (Connection connection = factory.newConnection("moku-benchmark-version")) {
            return String.valueOf(connection.getServerProperties().get("version"));
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
