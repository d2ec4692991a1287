package ru.moku.local.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multi-process run's Kafka broker: kafka-local's {@code KafkaBrokerMain} from its runnable jar
 * ({@code kafka-local/target/kafka-local-0.1.0-SNAPSHOT-exec.jar}) on a fixed port and a data directory of the run, so
 * a kill and a start keep topics and committed offsets. {@link #start()} returns when the broker is registered (an
 * admin client sees it in the cluster's metadata).
 */
final class ProcessKafkaBroker implements KafkaBroker {

    private static final Logger log = LoggerFactory.getLogger(ProcessKafkaBroker.class);

    private final Path jar;
    private final int port;
    private final int controllerPort;
    private final Path dataDirectory;
    private final Path logFile;
    private final Duration startTimeout;
    private final Duration gracePeriod;
    private volatile Process process;

    ProcessKafkaBroker(Path jar, int port, int controllerPort, Path dataDirectory, Path logFile, Duration startTimeout,
                       Duration gracePeriod) {
        this.jar = jar;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.startTimeout = startTimeout;
        this.gracePeriod = gracePeriod;
    }

    @Override
    public synchronized void start() {
        launch();
        awaitRegistered();
    }

    /** The broker's OS process id; empty before it ever ran. */
    java.util.OptionalLong pid() {
        Process current = process;
        return current == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(current.pid());
    }

    /** Starts the process without waiting for it. */
    synchronized void launch() {
        if (alive()) {
            throw new IllegalStateException("the Kafka broker is running already");
        }
        List<String> command = List.of(ProcessCluster.javaExecutable(), "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "--port=" + port,
                "--controller-port=" + controllerPort, "--data-dir=" + dataDirectory);
        try {
            Files.createDirectories(dataDirectory);
            Files.writeString(logFile, "──── " + Instant.now() + " starting the Kafka broker on port " + port
                    + " ────" + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
        log.info("Kafka broker started, pid {}", process.pid());
    }

    /** Until an admin client sees the broker in the metadata (after a kill -9 it waits for its old session to expire). */
    void awaitRegistered() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                5_000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!alive()) {
                    throw new IllegalStateException("the Kafka broker exited during start-up; its log: " + logFile
                            + ProcessCluster.tail(logFile));
                }
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes()
                            .get(6, TimeUnit.SECONDS).isEmpty()) {
                        log.info("Kafka broker ready at {}", bootstrap());
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker is not ready within " + startTimeout
                            + "; its log: " + logFile + ProcessCluster.tail(logFile));
                }
                ProcessCluster.pause(Duration.ofMillis(500));
            }
        }
    }

    @Override
    public synchronized void kill() {
        Process current = process;
        if (current != null) {
            current.destroyForcibly();
            ProcessCluster.waitFor(current);
            log.info("Kafka broker killed (SIGKILL)");
        }
    }

    @Override
    public synchronized void terminate() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                current.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            current.destroyForcibly();
        }
        ProcessCluster.waitFor(current);
        log.info("Kafka broker terminated (SIGTERM)");
    }

    @Override
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** The broker's log file. */
    Path logFile() {
        return logFile;
    }
}
