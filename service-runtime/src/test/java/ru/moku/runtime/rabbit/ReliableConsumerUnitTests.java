package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.reactive.TransactionCallback;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.AcknowledgableDelivery;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.Receiver;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;
import reactor.rabbitmq.SenderOptions;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures.PermanentFailure;
import ru.moku.runtime.failure.Failures.TransientFailure;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.testapp.TestMessages;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.TestMessagingProperties;
import tools.jackson.databind.json.JsonMapper;

/** The consumer's retry policy (in virtual time) and how it settles a delivery, with fakes for the brokers. */
class ReliableConsumerUnitTests {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    @Test
    void aTransientFailureIsRetriedUntilMaxAttemptsInAllWithDoublingJitteredDelays() {
        MessagingProperties.Consumer settings = consumer(5, FIRST_BACKOFF, Duration.ofMinutes(1));
        List<Long> attemptTimes = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> failingWith(new TransientFailure("partner answered 503"), attemptTimes)
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(error -> {
                    assertThat(Exceptions.isRetryExhausted(error)).isTrue();
                    assertThat(error.getCause()).isInstanceOf(TransientFailure.class);
                })
                .verify(Duration.ofSeconds(5));

        assertThat(attemptTimes).hasSize(5);
        List<Long> delays = delaysBetween(attemptTimes);
        // Retry n waits firstBackoff * 2^(n-1), plus or minus half of it, never less than firstBackoff.
        assertThat(delays.get(0)).isBetween(1000L, 1500L);
        assertThat(delays.get(1)).isBetween(1000L, 3000L);
        assertThat(delays.get(2)).isBetween(2000L, 6000L);
        assertThat(delays.get(3)).isBetween(4000L, 12000L);
    }

    @Test
    void whileTheDatabaseCannotBeReachedAMessageIsRetriedForTheOutageTimeNotOnlyMaxAttemptsTimes() {
        MessagingProperties.Consumer settings = consumer(3, FIRST_BACKOFF, Duration.ofSeconds(5), Duration.ofMinutes(1));
        List<Long> attemptTimes = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> failingWith(databaseUnavailable(), attemptTimes)
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(1).minusSeconds(1))
                .expectNoEvent(Duration.ofMillis(1))
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorSatisfies(error -> {
                    assertThat(Exceptions.isRetryExhausted(error)).isTrue();
                    assertThat(error.getCause()).isInstanceOf(CannotCreateTransactionException.class);
                })
                .verify(Duration.ofSeconds(5));

        // Far more than 3 attempts, none later than the minute plus one delay, no delay above maxBackoff.
        assertThat(attemptTimes).hasSizeGreaterThan(10);
        long last = attemptTimes.get(attemptTimes.size() - 1) - attemptTimes.get(0);
        long beforeLast = attemptTimes.get(attemptTimes.size() - 2) - attemptTimes.get(0);
        assertThat(beforeLast).isLessThan(60_000L);
        assertThat(last).isBetween(60_000L, 65_000L);
        assertThat(delaysBetween(attemptTimes)).allSatisfy(delay -> assertThat(delay).isBetween(1000L, 5000L));
    }

    @Test
    void aDatabaseOutageThatEndsLetsTheMessageThrough() {
        MessagingProperties.Consumer settings = consumer(3, FIRST_BACKOFF, Duration.ofSeconds(5), Duration.ofMinutes(2));
        AtomicInteger attempts = new AtomicInteger();

        // 30 s of outage (a restart), then the database answers again.
        StepVerifier.withVirtualTime(() -> Mono.defer(() -> {
                            attempts.incrementAndGet();
                            return VirtualTimeScheduler.get().now(TimeUnit.SECONDS) < 30
                                    ? Mono.<String>error(databaseUnavailable()) : Mono.just("handled");
                        })
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(40))
                .expectNext("handled")
                .verifyComplete();

        assertThat(attempts.get()).isGreaterThan(3);
    }

    @Test
    void anOtherTransientFailureStillStopsAtMaxAttemptsWhateverTheOutageTime() {
        MessagingProperties.Consumer settings = consumer(3, FIRST_BACKOFF, Duration.ofSeconds(5), Duration.ofMinutes(10));

        assertThat(attemptsUntilExhausted(settings, new TransientFailure("partner answered 503"))).hasSize(3);
    }

    @Test
    void noRetryWaitsLongerThanMaxBackoff() {
        MessagingProperties.Consumer settings = consumer(8, FIRST_BACKOFF, Duration.ofSeconds(3));

        List<Long> attemptTimes = attemptsUntilExhausted(settings, new TransientFailure("partner answered 503"));
        assertThat(attemptTimes).hasSize(8);
        assertThat(delaysBetween(attemptTimes)).allSatisfy(delay -> assertThat(delay).isBetween(1000L, 3000L));
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        MessagingProperties.Consumer settings = consumer(5, FIRST_BACKOFF, Duration.ofMinutes(1));
        List<Long> attemptTimes = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> failingWith(new PermanentFailure("partner answered 400"), attemptTimes)
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .expectError(PermanentFailure.class)
                .verify(Duration.ofSeconds(5));

        assertThat(attemptTimes).hasSize(1);
    }

    @Test
    void anUnclassifiedFailureIsNotRetried() {
        MessagingProperties.Consumer settings = consumer(5, FIRST_BACKOFF, Duration.ofMinutes(1));
        List<Long> attemptTimes = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> failingWith(new IllegalStateException("a bug"), attemptTimes)
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .expectError(IllegalStateException.class)
                .verify(Duration.ofSeconds(5));

        assertThat(attemptTimes).hasSize(1);
    }

    @Test
    void aSecondAttemptThatSucceedsCompletesAfterOneBackoff() {
        MessagingProperties.Consumer settings = consumer(5, FIRST_BACKOFF, Duration.ofMinutes(1));
        AtomicInteger attempts = new AtomicInteger();

        StepVerifier.withVirtualTime(() -> Mono.defer(() -> attempts.incrementAndGet() == 1
                                ? Mono.error(new TransientFailure("partner answered 503"))
                                : Mono.just("handled"))
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .expectNoEvent(FIRST_BACKOFF.minusMillis(1))
                .thenAwait(FIRST_BACKOFF.dividedBy(2).plusMillis(1))
                .expectNext("handled")
                .verifyComplete();

        assertThat(attempts).hasValue(2);
    }

    @Test
    void aMessageWhoseAckFailsAfterItsEffectCommittedIsNotGivenUp() {
        EnvelopeCodec codec = new EnvelopeCodec(JsonMapper.builder().build());
        AcknowledgableDelivery delivery = new AcknowledgableDelivery(
                new Delivery(new com.rabbitmq.client.Envelope(1, false, "moku.intake", "service-card"),
                        new AMQP.BasicProperties(), codec.encode(TestMessages.serviceCard())),
                channelWhoseAcksFail(), (context, error) -> {
                    throw new IllegalStateException("could not ack", error);
                });
        AtomicInteger consumptions = new AtomicInteger();
        Flux<AcknowledgableDelivery> queue = Flux.defer(() -> consumptions.incrementAndGet() == 1
                ? Flux.just(delivery).concatWith(Flux.never())
                : Flux.never());
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger deadLettered = new AtomicInteger();
        AtomicInteger incidentsRegistered = new AtomicInteger();
        DatabaseClient noDatabase = unusable(DatabaseClient.class);
        TransactionalOperator noTransaction = new TransactionalOperator() {
            @Override
            public <T> Flux<T> execute(TransactionCallback<T> action) {
                return Flux.from(action.doInTransaction(null));
            }
        };
        Receiver receiver = new Receiver(new ReceiverOptions().connectionMono(Mono.never())) {
            @Override
            public Flux<AcknowledgableDelivery> consumeManualAck(String name, ConsumeOptions options) {
                return queue;
            }
        };
        Sender sender = new Sender(new SenderOptions().connectionMono(Mono.never()));
        MessagingProperties properties = TestMessagingProperties.bind(Map.of(
                "moku.messaging.consumer.first-backoff", "10ms"));
        ReliableConsumer<ServiceCard> consumer = new ReliableConsumer<>(Destinations.SERVICE_CARDS,
                ServiceCard.class, "test", message -> Mono.fromRunnable(handled::incrementAndGet),
                (message, error) -> Mono.fromRunnable(deadLettered::incrementAndGet), receiver,
                new RabbitTopology(sender, properties) {
                    @Override
                    public Mono<Void> declared() {
                        return Mono.empty();
                    }
                }, codec,
                new Inbox(noDatabase) {
                    @Override
                    public Mono<Boolean> firstDelivery(String consumer, UUID messageId) {
                        return Mono.just(true);
                    }
                },
                new Incidents(noDatabase, new Outbox(noDatabase, codec), noTransaction, "runtime-test") {
                    @Override
                    public Mono<UUID> register(Incident.Draft draft) {
                        return Mono.fromSupplier(() -> {
                            incidentsRegistered.incrementAndGet();
                            return UUID.randomUUID();
                        });
                    }
                }, noTransaction, properties, Schedulers.boundedElastic(), new SimpleMeterRegistry());

        consumer.start();
        try {
            await("the consumer to give the message up or consume again").atMost(Duration.ofSeconds(60)).until(() -> consumptions.get() > 1 || deadLettered.get() > 0 || incidentsRegistered.get() > 0);
        } finally {
            consumer.stop();
            receiver.close();
            sender.close();
        }

        // The effect is committed: the broker redelivers the unacked message and the inbox drops it.
        assertThat(handled).hasValue(1);
        assertThat(incidentsRegistered).hasValue(0);
        assertThat(deadLettered).hasValue(0);
        assertThat(consumptions.get()).as("consumptions of the queue").isGreaterThan(1);
    }

    /** A channel on which every {@code basic.ack} fails, as on a connection that just went away. */
    private static Channel channelWhoseAcksFail() {
        return (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("basicAck")) {
                        throw new IOException("connection reset");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An implementation of {@code type} that must never be used. */
    private static <T> T unusable(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
    }

    /** The (virtual) times of the attempts at something that always fails with {@code failure}, until given up. */
    private static List<Long> attemptsUntilExhausted(MessagingProperties.Consumer settings, RuntimeException failure) {
        List<Long> attemptTimes = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> failingWith(failure, attemptTimes)
                        .retryWhen(ReliableConsumer.retrySpec(settings)))
                .expectSubscription()
                .thenAwait(Duration.ofMinutes(1))
                .expectErrorMatches(Exceptions::isRetryExhausted)
                .verify(Duration.ofSeconds(5));
        return attemptTimes;
    }

    private static Mono<String> failingWith(RuntimeException failure, List<Long> attemptTimes) {
        return Mono.defer(() -> {
            attemptTimes.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS));
            return Mono.error(failure);
        });
    }

    private static List<Long> delaysBetween(List<Long> times) {
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            delays.add(times.get(i) - times.get(i - 1));
        }
        return delays;
    }

    private static MessagingProperties.Consumer consumer(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {
        return consumer(maxAttempts, firstBackoff, maxBackoff, Duration.ofMinutes(2));
    }

    private static MessagingProperties.Consumer consumer(int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                                                         Duration outageRetryFor) {
        return new MessagingProperties.Consumer(64, 16, maxAttempts, firstBackoff, maxBackoff, 0.5,
                Duration.ofSeconds(15), 50, Duration.ofMillis(5), 16, outageRetryFor);
    }

    private static CannotCreateTransactionException databaseUnavailable() {
        return new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                new R2dbcNonTransientResourceException("Connection refused", "08001"));
    }

}
