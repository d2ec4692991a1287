package ru.moku.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ru.moku.local.Infrastructure;
import ru.moku.local.Platform;

/**
 * Where the benchmark runs: the machine's PostgreSQL and RabbitMQ on 127.0.0.1, database
 * {@value #DATABASE} and RabbitMQ/Kafka names under {@value #PREFIX} (both its own, reset before
 * each phase so every phase starts from empty tables and queues), services on free ports.
 */
final class Environment {

    static final String HOST = "127.0.0.1";
    static final int POSTGRES_PORT = 5432;
    static final int RABBITMQ_PORT = 5672;
    static final String POSTGRES_USER = "postgres";
    static final String DATABASE = "moku_bench";
    static final String PREFIX = "bench.";

    /**
     * Properties for every service and simulator context. Quiet logs and no banner keep the output
     * readable; the SMEV simulator skips schema-validating the gateway's requests because that is
     * SMEV's CPU, not ours, and here it would share the cores with the platform being measured.
     */
    private static final Map<String, String> COMMON = Map.of(
            "spring.main.banner-mode", "off",
            "logging.level.root", "WARN",
            "simulators.smev.validate-requests", "false",
            // PerfTest brings Micrometer's Datadog and JMX registries onto this class path; Boot would export
            // to them (Datadog refuses to start without an API key). The services do not ship with either.
            "management.datadog.metrics.export.enabled", "false",
            "management.jmx.metrics.export.enabled", "false");

    private final String kafkaBootstrap;

    Environment(String kafkaBootstrap) {
        this.kafkaBootstrap = kafkaBootstrap;
    }

    /** What is not reachable, each with how to start it; empty when all is well. */
    static List<String> unreachable() {
        return Infrastructure.unreachable(HOST, POSTGRES_PORT, HOST, RABBITMQ_PORT);
    }

    /** A fresh database and no RabbitMQ names under the prefix. */
    void reset() {
        Infrastructure.recreateDatabase(HOST, POSTGRES_PORT, POSTGRES_USER, DATABASE);
        Infrastructure.deleteBrokerNames(HOST, PREFIX);
    }

    /** Drops what the benchmark created. */
    static void cleanUp() {
        Infrastructure.dropDatabase(HOST, POSTGRES_PORT, POSTGRES_USER, DATABASE);
        Infrastructure.deleteBrokerNames(HOST, PREFIX);
    }

    /** The properties that turn SMEV signatures on or off in every context ({@link SigningKeys}). */
    static Map<String, String> signingProperties(BenchmarkOptions.Signing signing, SigningKeys keys) {
        return signing == BenchmarkOptions.Signing.ON ? keys.platformProperties() : SigningKeys.unsignedProperties();
    }

    /** Platform settings with {@link #COMMON} and then {@code extra} as overrides. */
    Platform.Settings settings(Map<String, String> extra) {
        Map<String, String> overrides = new LinkedHashMap<>(COMMON);
        overrides.putAll(extra);
        return new Platform.Settings(HOST, POSTGRES_PORT, POSTGRES_USER, DATABASE, HOST, PREFIX, kafkaBootstrap,
                overrides);
    }
}
