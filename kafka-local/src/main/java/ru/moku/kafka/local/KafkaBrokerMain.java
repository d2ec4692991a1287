package ru.moku.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka broker as its own OS process (KRaft, one combined controller + broker node) on a fixed port with a data
 * directory that outlives the process: the multi-process run's broker, which a fault-injection run kills with
 * {@code kill -9} and starts again on the same directory, keeping its topics and the consumer groups' committed offsets.
 *
 * <pre>
 * java -jar kafka-local/target/kafka-local-0.1.0-SNAPSHOT-exec.jar --port=19092 --data-dir=/tmp/moku-kafka
 *      [--controller-port=19093]   (default: port + 1)
 * </pre>
 *
 * <p>The first start writes {@code server.properties} into the data directory and formats {@code logs/} there (Kafka's
 * own {@code StorageTool format}); later starts find the formatted directory and recover it as any broker would after
 * a crash. Then it runs Kafka's own main ({@code kafka.Kafka}) until SIGTERM (a controlled shutdown) or SIGKILL.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = options(args);
        int port = Integer.parseInt(required(options, "port"));
        int controllerPort = Integer.parseInt(options.getOrDefault("controller-port", String.valueOf(port + 1)));
        Path dataDirectory = Path.of(required(options, "data-dir")).toAbsolutePath();
        Path logs = dataDirectory.resolve("logs");
        Files.createDirectories(logs);
        Path config = dataDirectory.resolve("server.properties");
        writeConfig(config, serverProperties(port, controllerPort, logs));
        if (!Files.exists(logs.resolve("meta.properties"))) {
            format(config);
        }
        System.out.printf("Kafka broker starting on 127.0.0.1:%d (controller %d), data in %s%n", port, controllerPort,
                dataDirectory);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /** The one node's configuration: a broker and the KRaft controller in one process, everything on 127.0.0.1. */
    static Map<String, String> serverProperties(int port, int controllerPort, Path logs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", logs.toString());
        // One node: internal topics cannot have more replicas than that (as InProcessKafka).
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "4");
        return properties;
    }

    private static void writeConfig(Path file, Map<String, String> values) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "written by KafkaBrokerMain at each start");
        }
    }

    /** Formats the log directory once ({@code kafka-storage.sh format -t <new id> -c server.properties}). */
    private static void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        System.out.print(output.toString(StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka's storage failed (" + exit + ")");
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, not '" + arg + "'");
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
