package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.local.Platform.Part;
import ru.moku.local.cluster.ProcessCluster;
import ru.moku.local.cluster.Replica;
import ru.moku.runtime.testing.TestDatabase;
import ru.moku.runtime.testing.TestRabbit;

/**
 * The platform as OS processes ({@link ProcessCluster}), one replica per service to keep the build's time down: cards
 * go through it; a service killed with SIGKILL mid-run and started again loses none of the cards sent while it was
 * down; a replica given SIGTERM shuts down gracefully within its grace period; the Kafka broker killed with SIGKILL
 * comes back on its data directory with its topics and committed offsets, and cards keep flowing. The processes run from the modules'
 * runnable jars, which the reactor builds in each module's package phase, before this module's integration-test phase.
 * Their logs: {@code target/process-cluster-*}/logs. 250–320 s on a loaded 2-core machine (load 15–40), most of it the
 * nine JVMs' start-up.
 */
class ProcessClusterIntegrationTests {

    private static final Duration CEILING = Duration.ofMinutes(3);

    private static TestDatabase database;
    private static TestRabbit rabbit;
    private static ProcessCluster cluster;
    private static PlatformState state;

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.create();
        rabbit = TestRabbit.create();
        Files.createDirectories(Path.of("target"));
        ProcessCluster.Settings settings = ProcessCluster.Settings.local(database.name(), rabbit.prefix())
                .withPostgres(TestDatabase.host(), TestDatabase.port())
                .withFreePorts()
                .with(SmevProfile.PLAIN)
                .withRunDirectory(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "process-cluster-"))
                .withOverrides(overrides());
        cluster = ProcessCluster.start(settings, 1);
        state = new PlatformState(cluster.jdbcUrl(), "postgres");
    }

    private static Map<String, String> overrides() {
        Map<String, String> overrides = new java.util.HashMap<>(ProcessCluster.Settings.COLD_START_TIMEOUTS);
        overrides.putAll(Map.of("spring.main.banner-mode", "off", "moku.gateway.pull.max-idle-backoff", "1s",
                "moku.messaging.consumer.first-backoff", "200ms"));
        return overrides;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void cardsSentWhileAServiceIsKilledCompleteOnceItIsBack() {
        SmevSimulatorClient smev = new SmevSimulatorClient(cluster.simulatorUrl());
        SmevSimulatorClient.Batch before = smev.generate(5, 0, 110_001L);
        awaitDone(before.messageIds());

        Replica cardProcessor = cluster.first(Part.CARD_PROCESSOR);
        cluster.kill(cardProcessor);
        assertThat(cluster.alive(cardProcessor)).isFalse();
        assertThat(cluster.exitStatus(cardProcessor)).hasValue(137);

        SmevSimulatorClient.Batch during = smev.generate(5, 0, 220_002L);
        // The gateway takes them in while card-processor is gone: they wait in RabbitMQ.
        awaitTrue(() -> state.readBatch(during.messageIds()).rawMessages() == during.messageIds().size(),
                "the gateway stored the messages sent while card-processor was down");
        assertThat(state.readBatch(during.messageIds()).cards()).isZero();

        cluster.start(cardProcessor);
        assertThat(cluster.alive(cardProcessor)).isTrue();
        awaitDone(during.messageIds());
        PlatformState.Snapshot all = state.readBatch(concat(before.messageIds(), during.messageIds()));
        assertThat(all.cards()).isEqualTo(10);
        assertThat(all.duplicateCards()).isZero();
    }

    @Test
    void sigtermStopsAReplicaGracefullyWithinItsGracePeriod() throws IOException {
        Replica enrichment = cluster.first(Part.ENRICHMENT);
        long started = System.nanoTime();
        cluster.terminate(enrichment);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        OptionalInt exit = cluster.exitStatus(enrichment);
        // The JVM's status after SIGTERM handled by its shutdown hooks; a SIGKILL after the grace period would be 137.
        assertThat(exit).hasValue(ProcessCluster.SIGTERM_EXIT);
        assertThat(took).isLessThan(Duration.ofSeconds(30));
        String log = Files.readString(cluster.logFile(enrichment), StandardCharsets.UTF_8);
        assertThat(log).contains("Graceful shutdown complete");

        cluster.start(enrichment);
        assertThat(cluster.alive(enrichment)).isTrue();
    }

    @Test
    void theKafkaBrokerKeepsItsTopicsAndOffsetsThroughAKillAndARestart() throws Exception {
        SmevSimulatorClient smev = new SmevSimulatorClient(cluster.simulatorUrl());
        awaitDone(smev.generate(3, 0, 330_003L).messageIds());
        Set<String> topicsBefore;
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsetsBefore;
        try (Admin admin = admin()) {
            topicsBefore = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            offsetsBefore = committedOffsets(admin);
        }
        assertThat(topicsBefore).contains(rabbit.prefix() + "moku.card-stage-events");

        cluster.kafka().kill();
        assertThat(cluster.kafka().alive()).isFalse();
        cluster.kafka().start();
        assertThat(cluster.kafka().alive()).isTrue();

        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(topicsBefore);
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsetsAfter = committedOffsets(admin);
            offsetsBefore.forEach((group, offsets) -> offsets.forEach((partition, offset) ->
                    assertThat(offsetsAfter.getOrDefault(group, Map.of()).get(partition).offset())
                            .as("%s %s", group, partition).isGreaterThanOrEqualTo(offset.offset())));
        }
        // The services' producers find the broker again: cards keep flowing to their end.
        awaitDone(smev.generate(3, 0, 440_004L).messageIds());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka().bootstrap()));
    }

    private static Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Admin admin)
            throws Exception {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new java.util.HashMap<>();
        for (var group : admin.listGroups().all().get(30, TimeUnit.SECONDS)) {
            offsets.put(group.groupId(), admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS));
        }
        return offsets;
    }

    private static void awaitDone(List<String> messageIds) {
        awaitTrue(() -> Demo.done(state.readBatch(messageIds), messageIds.size(), 0),
                messageIds.size() + " cards in ЛКО");
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + CEILING + ": " + what + "; logs in "
                        + cluster.logDirectory());
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
