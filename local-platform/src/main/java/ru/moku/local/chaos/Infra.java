package ru.moku.local.chaos;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The machine's brokers and database as the suite disturbs them: {@code rabbitmqctl stop_app / start_app},
 * {@code pg_ctlcluster … restart}, and poison messages published straight into work queues. These act on the whole
 * machine (every environment on it), which is why the suite is a command and never part of {@code ./mvnw verify}.
 */
final class Infra {

    private Infra() {
    }

    static void rabbitStopApp() {
        run("rabbitmqctl", "stop_app");
    }

    static void rabbitStartApp() {
        run("rabbitmqctl", "start_app");
        run("rabbitmqctl", "await_startup");
    }

    /** {@code pg_ctlcluster --skip-systemctl-redirect <version> main restart}, the version from /etc/postgresql. */
    static void postgresRestart() {
        run("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "restart");
    }

    static String postgresVersion() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(path -> path.getFileName().toString()).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no cluster in /etc/postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /etc/postgresql: " + e.getMessage(), e);
        }
    }

    /** Publishes {@code body} to {@code queue} (the full, prefixed name) through the default exchange. */
    static void publish(String rabbitHost, String queue, String body) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(rabbitHost);
        try (com.rabbitmq.client.Connection connection = factory.newConnection("moku-chaos-poison");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", queue, null, body.getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("publishing to " + queue + ": " + e.getMessage(), e);
        }
    }

    /** Runs a command, failing with its output when it exits non-zero or takes over two minutes. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over 120 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
                        + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
