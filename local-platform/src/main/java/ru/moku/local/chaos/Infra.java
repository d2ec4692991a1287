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
 * The broker and database the suite disturbs: {@code rabbitmqctl [-n node] stop_app / start_app},
 * {@code pg_ctlcluster <version> <cluster> restart}, and poison messages published straight into work queues.
 * {@code chaos/run.sh} points these at a PostgreSQL cluster and a RabbitMQ node of the suite's own (its default,
 * {@code --servers=private}); with {@code --servers=machine} they act on the machine's servers, and so on everything
 * else that uses them — which is why the suite is a command and never part of {@code ./mvnw verify}.
 *
 * @param rabbitHost      the broker's host (port 5672, guest/guest)
 * @param rabbitNode      the broker's Erlang node, empty = rabbitmqctl's default one (the machine's)
 * @param postgresCluster the Debian cluster name of the PostgreSQL server ({@code main}: the machine's)
 */
record Infra(String rabbitHost, String rabbitNode, String postgresCluster) {

    /** The rabbitmqctl command line of {@code action} against this broker, as the report shows it. */
    String rabbitctl(String action) {
        return String.join(" ", rabbitctlCommand(action));
    }

    private List<String> rabbitctlCommand(String... action) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
        if (!rabbitNode.isEmpty()) {
            command.addAll(List.of("-n", rabbitNode));
        }
        command.addAll(List.of(action));
        return command;
    }

    void rabbitStopApp() {
        run(rabbitctlCommand("stop_app").toArray(String[]::new));
    }

    void rabbitStartApp() {
        run(rabbitctlCommand("start_app").toArray(String[]::new));
        run(rabbitctlCommand("await_startup").toArray(String[]::new));
    }

    /** {@code pg_ctlcluster --skip-systemctl-redirect <version> <cluster> restart}, the version from /etc/postgresql. */
    List<String> postgresRestartCommand() {
        return List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), postgresCluster, "restart");
    }

    void postgresRestart() {
        run(postgresRestartCommand().toArray(String[]::new));
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
    void publish(String queue, String body) {
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
