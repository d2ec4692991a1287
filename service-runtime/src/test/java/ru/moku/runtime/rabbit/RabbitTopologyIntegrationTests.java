package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.testing.TestMessagingProperties;
import ru.moku.runtime.testing.TestRabbit;

/** Declaring the topology on the real RabbitMQ. */
class RabbitTopologyIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private TestRabbit rabbit;
    private Sender sender;

    @BeforeEach
    void createBroker() {
        rabbit = TestRabbit.create();
    }

    @AfterEach
    void closeBroker() {
        if (sender != null) {
            sender.close();
        }
        rabbit.close();
    }

    @Test
    void declaresEveryWorkQueueWithItsDeadLetterQueue() {
        sender = RabbitFlux.createSender(new SenderOptions().connectionMono(connectionRefusedAtFirst(0)));
        RabbitTopology topology = new RabbitTopology(sender, TestMessagingProperties.bind(rabbit.springProperties()));

        StepVerifier.create(topology.declared()).verifyComplete();

        for (var queue : Destinations.WORK_QUEUES) {
            assertThat(rabbit.messageCount(queue.queue())).isZero();
            assertThat(rabbit.messageCount(queue.deadLetterQueue())).isZero();
        }
    }

    @Test
    void aDeclarationThatFailedIsTriedAgainByTheNextSubscriber() {
        // The broker is not reachable at the first attempt (a service started before RabbitMQ).
        sender = RabbitFlux.createSender(new SenderOptions().connectionMono(connectionRefusedAtFirst(1)));
        RabbitTopology topology = new RabbitTopology(sender, TestMessagingProperties.bind(rabbit.springProperties()));

        StepVerifier.create(topology.declared()).expectError().verify(WAIT);
        StepVerifier.create(topology.declared()).verifyComplete();

        assertThat(rabbit.messageCount(Destinations.SERVICE_CARDS.queue())).isZero();
    }

    /**
     * A connection to the test broker, refused the first {@code refusals} times; once made it is kept,
     * as a service keeps its connection.
     */
    private static Mono<Connection> connectionRefusedAtFirst(int refusals) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        AtomicInteger attempts = new AtomicInteger();
        return Mono.fromCallable(() -> {
                    if (attempts.getAndIncrement() < refusals) {
                        throw new ConnectException("Connection refused");
                    }
                    return factory.newConnection("topology-test");
                })
                .subscribeOn(Schedulers.boundedElastic())
                .cache(connection -> Duration.ofDays(1), error -> Duration.ZERO, () -> Duration.ZERO);
    }
}
