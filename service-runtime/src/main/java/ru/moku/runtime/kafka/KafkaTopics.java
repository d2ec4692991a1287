package ru.moku.runtime.kafka;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.config.MessagingProperties;

/**
 * Creates the platform's Kafka topics that are missing (in production they are usually created by
 * the operator, e.g. Strimzi's KafkaTopic; creating an existing one is skipped).
 */
public class KafkaTopics {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private final Mono<Void> ready;

    public KafkaTopics(MessagingProperties properties, Scheduler brokerIo) {
        MessagingProperties.Kafka kafka = properties.kafka();
        List<String> names = Destinations.TOPICS.stream().map(properties::name).toList();
        // The admin client's calls block while it looks the cluster up: keep them off event loops.
        this.ready = Mono.using(
                        () -> Admin.create(Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                // The admin client refuses an API timeout below its request timeout
                                // (30 s by default): set both, so that any request-timeout is valid.
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.requestTimeout().toMillis(),
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) kafka.requestTimeout().toMillis())),
                        admin -> Mono.fromCompletionStage(() -> admin.listTopics().names().toCompletionStage())
                                .flatMap(existing -> createMissing(admin, names, existing, kafka)),
                        Admin::close)
                .subscribeOn(brokerIo)
                .doOnSuccess(v -> log.info("Kafka topics ready: {}", names))
                .cache(v -> java.time.Duration.ofDays(36500), e -> java.time.Duration.ZERO,
                        () -> java.time.Duration.ofDays(36500));
    }

    /** Completes once the topics exist; a failed attempt is tried again on the next subscription. */
    public Mono<Void> ready() {
        return ready;
    }

    private static Mono<Void> createMissing(Admin admin, List<String> names, Set<String> existing,
                                            MessagingProperties.Kafka kafka) {
        List<NewTopic> missing = names.stream()
                .filter(name -> !existing.contains(name))
                .map(name -> new NewTopic(name, kafka.topicPartitions(), kafka.replicationFactor()))
                .toList();
        if (missing.isEmpty()) {
            return Mono.empty();
        }
        return Mono.fromCompletionStage(() -> admin.createTopics(missing).all().toCompletionStage())
                .onErrorResume(org.apache.kafka.common.errors.TopicExistsException.class, e -> Mono.empty())
                .onErrorResume(e -> e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException,
                        e -> Mono.empty())
                .then();
    }
}
