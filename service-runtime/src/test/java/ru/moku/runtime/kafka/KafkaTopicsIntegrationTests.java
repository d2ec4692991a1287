package ru.moku.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.testing.TestKafka;
import ru.moku.runtime.testing.TestMessagingProperties;

/** Creating the platform's topics on the shared in-process Kafka broker. */
class KafkaTopicsIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void createsEveryPlatformTopicUnderThePrefixWithTheConfiguredPartitions() throws Exception {
        String prefix = "kt" + System.nanoTime() + ".";
        Scheduler brokerIo = Schedulers.newBoundedElastic(2, 100, "test-broker-io");
        try {
            KafkaTopics topics = new KafkaTopics(TestMessagingProperties.bind(Map.of(
                    "moku.messaging.name-prefix", prefix,
                    "moku.messaging.kafka.bootstrap-servers", TestKafka.bootstrapServers(),
                    "moku.messaging.kafka.topic-partitions", 2,
                    // Shorter than the admin client's own 30 s request timeout.
                    "moku.messaging.kafka.request-timeout", "5s")), brokerIo);

            StepVerifier.create(topics.ready()).verifyComplete();

            Map<String, TopicDescription> created = describe(Set.of(prefix + Destinations.CARD_STAGE_TOPIC,
                    prefix + Destinations.INCIDENT_TOPIC));
            assertThat(created.values()).hasSize(2)
                    .allSatisfy(topic -> assertThat(topic.partitions()).hasSize(2));
        } finally {
            brokerIo.dispose();
        }
    }

    private static Map<String, TopicDescription> describe(Set<String> names)
            throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            return admin.describeTopics(names).allTopicNames().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
