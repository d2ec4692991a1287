package ru.moku.runtime.rabbit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import ru.moku.runtime.config.RuntimeAutoConfiguration.RabbitConnections;

/** Up while every RabbitMQ connection the service opened is open. */
public class RabbitHealthIndicator implements ReactiveHealthIndicator {

    private final RabbitConnections connections;

    public RabbitHealthIndicator(RabbitConnections connections) {
        this.connections = connections;
    }

    @Override
    public Mono<Health> health() {
        return connections.healthy()
                .map(up -> up ? Health.up().build() : Health.down().withDetail("reason", "connection closed").build());
    }
}
