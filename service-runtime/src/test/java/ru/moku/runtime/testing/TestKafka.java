package ru.moku.runtime.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import ru.moku.kafka.local.InProcessKafka;

/**
 * The JVM's shared in-process Kafka broker, and a way to read back what a test's services wrote
 * (topic names carry the test's own prefix, so tests never see each other's events).
 */
public final class TestKafka {

    private TestKafka() {
    }

    public static String bootstrapServers() {
        return InProcessKafka.shared().bootstrapServers();
    }

    public static Map<String, Object> springProperties() {
        return Map.of("moku.messaging.kafka.bootstrap-servers", bootstrapServers());
    }

    /** Reads records of {@code topic} from the beginning until {@code expected} arrived or {@code timeout} passed. */
    public static List<ConsumerRecord<String, String>> read(String topic, int expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
