package ru.moku.kafka.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, one combined controller + broker node) started inside this JVM
 * from Maven Central artifacts, for tests and the local run. Its data lives in a temporary folder
 * that is deleted on {@link #close()}.
 *
 * <p>Start-up formats storage and waits for the broker (a few seconds, blocking): call it from a
 * main thread or a test's set-up, never from a reactive pipeline.
 */
public final class InProcessKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessKafka.class);

    private static InProcessKafka shared;

    private final KafkaClusterTestKit cluster;
    private final Path baseDirectory;

    private InProcessKafka(KafkaClusterTestKit cluster, Path baseDirectory) {
        this.cluster = cluster;
        this.baseDirectory = baseDirectory;
    }

    /** Starts a new single-node broker. */
    public static InProcessKafka start() {
        try {
            Path base = Files.createTempDirectory("moku-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(base)
                    .build();
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                    // One node: internal topics cannot have more replicas than that.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "4")
                    .setDeleteOnClose(true)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            InProcessKafka kafka = new InProcessKafka(cluster, base);
            log.info("In-process Kafka broker ready at {}", kafka.bootstrapServers());
            return kafka;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("in-process Kafka did not start: " + e.getMessage(), e);
        }
    }

    /**
     * One broker for the whole JVM, started on first use and stopped when the JVM exits: test
     * classes share it (each uses its own topic names) instead of paying the start-up each time.
     */
    public static synchronized InProcessKafka shared() {
        if (shared == null) {
            InProcessKafka kafka = start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "in-process-kafka-shutdown"));
            shared = kafka;
        }
        return shared;
    }

    /** {@code host:port} list for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties that reach this broker. */
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            log.warn("Kafka broker did not close cleanly: {}", e.toString());
        }
        log.debug("In-process Kafka at {} closed", baseDirectory);
    }
}
