package ru.moku.runtime.rabbit;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.rabbitmq.client.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.rabbitmq.AcknowledgableDelivery;
import reactor.rabbitmq.ConsumeOptions;
import reactor.rabbitmq.Receiver;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations.WorkQueue;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.config.MessagingProperties;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.json.EnvelopeCodec.PoisonMessageException;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Outcome;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Received;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Settlement;

/**
 * Consumes one work queue with manual acks, bounded prefetch and bounded concurrency:
 * <ul>
 *   <li>each message is handled once: its id goes into the inbox in the handler's transaction;</li>
 *   <li>messages are taken in micro-batches ({@code moku.messaging.consumer.batch-size}, or what arrived within
 *       {@code batch-window}): one transaction records a batch's ids with one inbox statement and runs each first
 *       delivery's handler one after another; the batch is acked after its commit with as few frames as is safe
 *       ({@link ReliableConsumerAcks}). If that transaction fails, nothing of it is committed and each message of
 *       the batch is handled again on its own, with everything below — so one bad message does not hold up the
 *       others, and none is acked before its effect is committed. An undecodable delivery never joins a batch;</li>
 *   <li>a transient failure is retried with exponential backoff and jitter, up to
 *       {@code moku.messaging.consumer.max-attempts} attempts in all;</li>
 *   <li>a poison message (undecodable), a permanent failure or spent retries dead-letter the
 *       message with an incident — the message is acked only after its effect or its incident is
 *       committed, so nothing is lost;</li>
 *   <li>if even the incident cannot be written (database down) the message is requeued.</li>
 * </ul>
 *
 * <p>Shutdown drains (Spring calls {@link #stop(Runnable)} when the context closes, e.g. on SIGTERM): the consumer
 * cancels its {@code basic.consume} so the broker sends nothing more, lets the deliveries it is handling finish and
 * be acked (or dead-lettered) for up to {@code moku.messaging.consumer.drain-timeout}, and only then closes its
 * channel. Deliveries prefetched but not started, and handlers still running at the timeout, are left unacked: the
 * broker redelivers them to another consumer (handlers are idempotent through the inbox).
 */
public final class ReliableConsumer<T> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReliableConsumer.class);
    private static final Mono<Object> NOTHING_TO_PREPARE = Mono.just(Boolean.TRUE);
    private static final Duration DRAIN_POLL = Duration.ofMillis(50);

    private final WorkQueue queue;
    private final Class<T> dataType;
    private final String consumerName;
    private final PreparedMessageHandler<T, Object> handler;
    /** Look into the inbox before {@code prepare}: a duplicate must not repeat a partner's call. */
    private final boolean skipKnownBeforePreparing;
    private final DeadLetterHook<T> deadLetterHook;
    private final Receiver receiver;
    private final RabbitTopology topology;
    private final EnvelopeCodec codec;
    private final Inbox inbox;
    private final Incidents incidents;
    private final TransactionalOperator tx;
    private final MessagingProperties properties;
    private final Scheduler brokerIo;
    private final MeterRegistry meters;
    private volatile Disposable subscription;
    /** Set by {@link #stop(Runnable)}: deliveries that have not started are left to the broker. */
    private volatile boolean draining;
    /** Deliveries being handled now (from decoding to their ack, nack or requeue). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Delivery tags received and not yet settled, so that a batch is acked in as few frames as is safe. */
    private final ReliableConsumerAcks acks = new ReliableConsumerAcks();
    /** The channel and consumer tag of the current {@code basic.consume}, to cancel it on shutdown. */
    private volatile Channel channel;
    private volatile String consumerTag;

    ReliableConsumer(WorkQueue queue, Class<T> dataType, String consumerName, MessageHandler<T> handler,
                     DeadLetterHook<T> deadLetterHook, Receiver receiver, RabbitTopology topology, EnvelopeCodec codec,
                     Inbox inbox, Incidents incidents, TransactionalOperator tx, MessagingProperties properties,
                     Scheduler brokerIo, MeterRegistry meters) {
        this(queue, dataType, consumerName, withoutPreparation(Objects.requireNonNull(handler, "handler")), false,
                deadLetterHook, receiver, topology, codec, inbox, incidents, tx, properties, brokerIo, meters);
    }

    @SuppressWarnings("unchecked")
    ReliableConsumer(WorkQueue queue, Class<T> dataType, String consumerName, PreparedMessageHandler<T, ?> handler,
                     boolean skipKnownBeforePreparing, DeadLetterHook<T> deadLetterHook, Receiver receiver,
                     RabbitTopology topology, EnvelopeCodec codec, Inbox inbox, Incidents incidents,
                     TransactionalOperator tx, MessagingProperties properties, Scheduler brokerIo,
                     MeterRegistry meters) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.consumerName = Objects.requireNonNull(consumerName, "consumerName");
        this.handler = (PreparedMessageHandler<T, Object>) Objects.requireNonNull(handler, "handler");
        this.skipKnownBeforePreparing = skipKnownBeforePreparing;
        this.deadLetterHook = Objects.requireNonNull(deadLetterHook, "deadLetterHook");
        this.receiver = receiver;
        this.topology = topology;
        this.codec = codec;
        this.inbox = inbox;
        this.incidents = incidents;
        this.tx = tx;
        this.properties = properties;
        this.brokerIo = brokerIo;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        MessagingProperties.Consumer settings = properties.consumer();
        String queueName = properties.name(queue.queue());
        int batchSize = settings.effectiveBatchSize();
        draining = false;
        subscription = topology.declared()
                .thenMany(Flux.defer(() -> {
                    // A tag of our own, so that shutdown can cancel exactly this basic.consume on its channel.
                    String tag = "moku-" + properties.serviceName() + "-" + queueName + "-" + UUID.randomUUID();
                    consumerTag = tag;
                    return receiver.consumeManualAck(queueName, new ConsumeOptions()
                            .qos(settings.prefetch())
                            .consumerTag(tag)
                            .channelCallback(created -> {
                                channel = created;
                                acks.newChannel();
                            }));
                }))
                .map(acks::received)
                .transform(deliveries -> batches(deliveries, batchSize, settings.batchWindow(), Schedulers.parallel()))
                .flatMap(this::processUnlessDraining, settings.concurrency())
                // The connection went away: consume again once it is back; unacked messages were requeued.
                .retryWhen(Retry.backoff(Long.MAX_VALUE, settings.firstBackoff()).maxBackoff(settings.maxBackoff())
                        // A consumer that ran fine for a while starts again from the first backoff.
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("Consumer of {} restarts after: {}", queueName,
                                signal.failure().toString())))
                .subscribe();
        log.info("Consuming {} (prefetch {}, batches of up to {} within {}, {} batches at once)", queueName,
                settings.prefetch(), batchSize, settings.batchWindow(), settings.concurrency());
    }

    /**
     * Deliveries grouped as they arrive: a batch is emitted when it holds {@code batchSize} deliveries or when
     * {@code window} has passed since its first one, whichever comes first; never an empty one. A batch size of 1
     * hands each delivery on at once, without a timer.
     */
    static <D> Flux<List<D>> batches(Flux<D> deliveries, int batchSize, Duration window, Scheduler timer) {
        if (batchSize == 1) {
            return deliveries.map(List::of);
        }
        // Fair backpressure: a batch is only formed when a slot of the flatMap downstream is free, so a window that
        // ends while every slot is busy waits instead of overflowing.
        return deliveries.bufferTimeout(batchSize, window, timer, true);
    }

    /** Stops at once: handlers in flight are cancelled and their deliveries redelivered. Spring uses {@link #stop(Runnable)}. */
    @Override
    public synchronized void stop() {
        draining = true;
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
    }

    /**
     * Drains, then stops, without blocking the caller: cancels the {@code basic.consume}, waits (up to the drain
     * timeout) for the deliveries in flight to be settled, then closes the channel and runs {@code callback}.
     */
    @Override
    public void stop(Runnable callback) {
        Disposable running;
        synchronized (this) {
            running = subscription;
            if (running == null) {
                callback.run();
                return;
            }
            draining = true;
        }
        String queueName = properties.name(queue.queue());
        Duration timeout = properties.consumer().drainTimeout();
        log.info("Consumer of {} stops taking deliveries; draining {} in flight (at most {})", queueName,
                inFlight.get(), timeout);
        cancelConsume()
                .then(Flux.interval(DRAIN_POLL)
                        .startWith(0L)
                        .filter(tick -> inFlight.get() == 0)
                        .next()
                        .then()
                        .timeout(timeout, Mono.fromRunnable(() -> log.warn(
                                "Consumer of {}: {} deliveries still in flight after {}; they stay unacked and the"
                                        + " broker redelivers them", queueName, inFlight.get(), timeout))))
                .onErrorResume(error -> {
                    log.warn("Draining the consumer of {} failed: {}", queueName, error.toString());
                    return Mono.empty();
                })
                // Close the channel ourselves (the receiver would cancel the consumer again, fail and leave it
                // open): whatever is still unacked goes back to the queue.
                .then(closeChannel())
                .doFinally(signal -> {
                    synchronized (this) {
                        running.dispose();
                        if (subscription == running) {
                            subscription = null;
                        }
                    }
                    log.info("Consumer of {} stopped", queueName);
                    callback.run();
                })
                .subscribe();
    }

    private Mono<Void> closeChannel() {
        return Mono.<Void>fromRunnable(() -> {
                    Channel current = channel;
                    if (current != null && current.isOpen()) {
                        try {
                            current.close();
                        } catch (java.io.IOException | java.util.concurrent.TimeoutException | RuntimeException e) {
                            log.warn("Could not close the channel of consumer {}: {}", consumerTag, e.toString());
                        }
                    }
                })
                .subscribeOn(brokerIo)
                .onErrorResume(error -> Mono.empty());
    }

    /** {@code basic.cancel} of this consumer, keeping its channel open for the acks still to come. */
    private Mono<Void> cancelConsume() {
        return Mono.<Void>fromRunnable(() -> {
                    Channel current = channel;
                    String tag = consumerTag;
                    if (current != null && tag != null && current.isOpen()) {
                        try {
                            current.basicCancel(tag);
                        } catch (java.io.IOException | RuntimeException e) {
                            log.warn("Could not cancel consumer {}: {}", tag, e.toString());
                        }
                    }
                })
                .subscribeOn(brokerIo);
    }

    @Override
    public boolean isRunning() {
        return subscription != null && !subscription.isDisposed();
    }

    @Override
    public int getPhase() {
        // Start after the web server and the relay, stop before them.
        return Integer.MAX_VALUE - 100;
    }

    /**
     * Handles a batch of deliveries unless the consumer is draining: then they are left unacked, and the broker
     * redelivers them once the channel closes.
     */
    private Mono<Void> processUnlessDraining(List<Received> batch) {
        inFlight.addAndGet(batch.size());
        if (draining) {
            inFlight.addAndGet(-batch.size());
            return Mono.empty();
        }
        return Mono.defer(() -> process(batch)).doFinally(signal -> inFlight.addAndGet(-batch.size()));
    }

    /**
     * Undecodable deliveries are dead-lettered one by one and never join a batch; a single readable one takes the
     * per-message path; several are recorded together.
     */
    private Mono<Void> process(List<Received> batch) {
        meters.summary("moku.messages.batch.size", "queue", queue.queue()).record(batch.size());
        List<Mono<Void>> work = new ArrayList<>();
        List<Readable<T>> readable = new ArrayList<>(batch.size());
        for (Received received : batch) {
            try {
                readable.add(new Readable<>(received, codec.decode(received.delivery().getBody(), dataType)));
            } catch (PoisonMessageException e) {
                work.add(giveUp(received, null, e, IncidentKind.POISON_MESSAGE, 1));
            }
        }
        if (readable.size() == 1) {
            work.add(processAlone(readable.get(0), null));
        } else if (!readable.isEmpty()) {
            work.add(processTogether(readable));
        }
        return Mono.when(work);
    }

    /**
     * The batch: each message looked up in the inbox and prepared on its own (at most {@code prepare-concurrency} at
     * once), then every prepared one recorded in one transaction. A message whose preparation failed goes its own way
     * (its failure counts as its first attempt); if the transaction fails, nothing of it is committed and each of its
     * messages takes the per-message path — retries, dead-letter, incident — so one bad message costs the others
     * only a second transaction.
     */
    private Mono<Void> processTogether(List<Readable<T>> batch) {
        int concurrency = properties.consumer().concurrency();
        return Flux.fromIterable(batch)
                .flatMapSequential(this::prepareForBatch, properties.consumer().prepareConcurrency())
                .collectList()
                .flatMap(prepared -> {
                    List<Prepared<T>> ready = new ArrayList<>();
                    List<Received> known = new ArrayList<>();
                    List<Mono<Void>> alone = new ArrayList<>();
                    for (Prepared<T> item : prepared) {
                        if (item.failure() != null) {
                            alone.add(processAlone(item.readable(), Mono.error(item.failure())));
                        } else if (item.known()) {
                            countDuplicate();
                            known.add(item.readable().received());
                        } else {
                            ready.add(item);
                        }
                    }
                    alone.add(recordTogetherOrAlone(ready, known, concurrency));
                    return Mono.when(alone);
                });
    }

    /** Looks into the inbox (prepared handlers) and prepares one message of a batch; a failure is kept as a value. */
    private Mono<Prepared<T>> prepareForBatch(Readable<T> readable) {
        Envelope<T> message = readable.message();
        Mono<Boolean> known = skipKnownBeforePreparing
                ? inbox.processed(consumerName, message.id())
                : Mono.just(false);
        return known
                .flatMap(processed -> processed
                        ? Mono.just(new Prepared<T>(readable, null, true, null))
                        : prepare(message).map(value -> new Prepared<>(readable, value, false, null)))
                // Not swallowed: the failure becomes the first attempt of the message's own path.
                .onErrorResume(failure -> Mono.just(new Prepared<>(readable, null, false, failure)));
    }

    private Mono<Void> recordTogetherOrAlone(List<Prepared<T>> ready, List<Received> known, int concurrency) {
        if (ready.isEmpty()) {
            return known.isEmpty() ? Mono.empty() : settle(known, Outcome.ACKED);
        }
        if (ready.size() == 1) {
            Prepared<T> only = ready.get(0);
            return Mono.when(processAlone(only.readable(), record(only.readable().message(), only.value())),
                    known.isEmpty() ? Mono.empty() : settle(known, Outcome.ACKED));
        }
        return recordTogether(ready)
                .map(duplicates -> {
                    for (int i = 0; i < duplicates; i++) {
                        countDuplicate();
                    }
                    return true;
                })
                .onErrorResume(failure -> {
                    log.info("A batch of {} messages of {} failed and is handled message by message: {}",
                            ready.size(), queue.queue(), failure.toString());
                    meters.counter("moku.messages.batches.failed", "queue", queue.queue()).increment();
                    return Mono.just(false);
                })
                .flatMap(committed -> {
                    if (committed) {
                        List<Received> all = new ArrayList<>(known);
                        ready.forEach(item -> all.add(item.readable().received()));
                        return settle(all, Outcome.ACKED);
                    }
                    return Mono.when(Flux.fromIterable(ready)
                                    .flatMap(item -> processAlone(item.readable(),
                                            record(item.readable().message(), item.value())), concurrency),
                            known.isEmpty() ? Mono.empty() : settle(known, Outcome.ACKED));
                });
    }

    /**
     * One transaction for the batch: one inbox statement tells the first deliveries, whose handlers then run one
     * after another, in the order of their subjects (a stable sort: one subject's messages keep their delivery
     * order). Handlers lock the rows of their subject (a card, a raw message), so two batches running at once take
     * those locks in the same order and do not deadlock on them. Emits how many were duplicates.
     */
    private Mono<Integer> recordTogether(List<Prepared<T>> ready) {
        List<UUID> ids = ready.stream().map(item -> item.readable().message().id()).toList();
        List<Prepared<T>> bySubject = ready.stream()
                .sorted(Comparator.comparing(item -> item.readable().message().subject(),
                        Comparator.nullsFirst(Comparator.<String>naturalOrder())))
                .toList();
        return tx.transactional(inbox.firstDeliveries(consumerName, ids)
                .flatMap(first -> {
                    Set<UUID> unhandled = new HashSet<>(first);
                    return Flux.fromIterable(bySubject)
                            .concatMap(item -> unhandled.remove(item.readable().message().id())
                                    ? handler.handle(item.readable().message(), item.value()).thenReturn(0)
                                    : Mono.just(1))
                            .reduce(0, Integer::sum);
                }));
    }

    /**
     * The per-message path, as before batching: attempts with retries, then the ack, or a dead letter with an
     * incident. {@code firstAttempt}, when given, is the first attempt (what the batch already prepared, or the
     * failure its preparation met); later attempts look into the inbox and prepare again.
     */
    private Mono<Void> processAlone(Readable<T> readable, Mono<Void> firstAttempt) {
        Envelope<T> message = readable.message();
        AtomicInteger attempts = new AtomicInteger();
        return Mono.defer(() -> attempts.incrementAndGet() == 1 && firstAttempt != null
                        ? firstAttempt
                        : handleOnce(message))
                .retryWhen(retrySpec(properties.consumer()))
                .thenReturn(true)
                // Only a failed handling gives the message up. A failed ack must not: the effect is
                // committed, the broker redelivers the unacked message and the inbox drops it.
                .onErrorResume(error -> {
                    Throwable cause = Exceptions.isRetryExhausted(error) ? error.getCause() : error;
                    IncidentKind kind = Exceptions.isRetryExhausted(error) ? IncidentKind.RETRIES_EXHAUSTED
                            : cause instanceof PoisonMessageException ? IncidentKind.POISON_MESSAGE
                            : IncidentKind.PROCESSING_FAILED;
                    return giveUp(readable.received(), message, cause, kind, attempts.get()).thenReturn(false);
                })
                .flatMap(handled -> handled ? settle(List.of(readable.received()), Outcome.ACKED) : Mono.empty());
    }

    private Mono<Void> handleOnce(Envelope<T> message) {
        Mono<Boolean> known = skipKnownBeforePreparing
                ? inbox.processed(consumerName, message.id())
                : Mono.just(false);
        return known.flatMap(processed -> processed
                ? Mono.fromRunnable(this::countDuplicate)
                : prepare(message).flatMap(prepared -> record(message, prepared)));
    }

    private Mono<Object> prepare(Envelope<T> message) {
        return handler.prepare(message)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException(
                        "prepare() of the handler of " + queue.queue() + " emitted nothing")));
    }

    private Mono<Void> record(Envelope<T> message, Object prepared) {
        return tx.transactional(inbox.firstDelivery(consumerName, message.id())
                .flatMap(first -> first ? handler.handle(message, prepared).thenReturn(true) : Mono.just(false))
                .doOnNext(first -> {
                    if (!first) {
                        countDuplicate();
                    }
                })
                .then());
    }

    private void countDuplicate() {
        meters.counter("moku.messages.duplicates", "queue", queue.queue()).increment();
    }

    private static <T> PreparedMessageHandler<T, Object> withoutPreparation(MessageHandler<T> handler) {
        return new PreparedMessageHandler<>() {
            @Override
            public Mono<Object> prepare(Envelope<T> message) {
                return NOTHING_TO_PREPARE;
            }

            @Override
            public Mono<Void> handle(Envelope<T> message, Object prepared) {
                return handler.handle(message);
            }
        };
    }

    /**
     * Retries of one message: transient failures only, {@code maxAttempts} attempts in all — and, while the database
     * cannot be reached ({@link Failures#isDatabaseUnavailable}), for at least {@code outageRetryFor} after the first
     * failure, however many attempts that takes —, the delay starting at {@code firstBackoff} and doubling (with
     * jitter) up to {@code maxBackoff}. The clock is the parallel scheduler's, as the delays' (virtual time in tests).
     */
    static Retry retrySpec(MessagingProperties.Consumer settings) {
        RetryBackoffSpec backoff = Retry.backoff(Long.MAX_VALUE, settings.firstBackoff())
                .maxBackoff(settings.maxBackoff())
                .jitter(settings.jitter())
                .filter(Failures::isTransient);
        long outageMillis = settings.outageRetryFor().toMillis();
        return Retry.from(signals -> {
            long[] firstFailureAt = {-1};
            return backoff.generateCompanion(signals.map(signal -> {
                Throwable failure = signal.failure();
                long now = Schedulers.parallel().now(TimeUnit.MILLISECONDS);
                if (firstFailureAt[0] < 0) {
                    firstFailureAt[0] = now;
                }
                boolean attemptsLeft = signal.totalRetries() + 1 < settings.maxAttempts();
                boolean outageLasting = Failures.isDatabaseUnavailable(failure)
                        && now - firstFailureAt[0] < outageMillis;
                if (Failures.isTransient(failure) && !attemptsLeft && !outageLasting) {
                    throw Exceptions.retryExhausted("Retries exhausted: " + (signal.totalRetries() + 1) + " attempts",
                            failure);
                }
                return signal;
            }));
        });
    }

    private Mono<Void> giveUp(Received received, Envelope<T> message, Throwable error, IncidentKind kind,
                              int attempts) {
        AcknowledgableDelivery delivery = received.delivery();
        String subject = message == null ? unreadableSubject(delivery) : message.subject();
        Incident.Draft draft = new Incident.Draft(kind, subject,
                "message " + (message == null ? "?" : message.id()) + " on " + queue.queue() + " dead-lettered: "
                        + error, new String(delivery.getBody(), StandardCharsets.UTF_8), attempts);
        log.warn("Dead-lettering a message of {} ({}): {}", queue.queue(), kind, error.toString());
        return tx.transactional(incidents.register(draft).then(deadLetterHook.onDeadLetter(message, error)))
                .then(Mono.defer(() -> settle(List.of(received), Outcome.DEAD_LETTERED)))
                .onErrorResume(recordFailure -> {
                    // Not even the incident could be written: leave the message to the broker.
                    log.error("Could not register the incident for a message of {}, requeueing it: {}",
                            queue.queue(), recordFailure.toString());
                    return Mono.delay(properties.consumer().maxBackoff())
                            .then(Mono.defer(() -> settle(List.of(received), Outcome.REQUEUED)));
                });
    }

    /**
     * The subject of an incident about a delivery that could not be read: its queue and the digest of its body, so
     * that the same bytes delivered again count on one incident while different poison messages each get their own.
     */
    private String unreadableSubject(AcknowledgableDelivery delivery) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(delivery.getBody());
            return properties.name(queue.queue()) + "#" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Tells the broker, in one task on the broker-IO scheduler (basic.ack / basic.nack write to the channel's socket:
     * never on an event-loop thread), with as few frames as the other deliveries in flight allow.
     */
    private Mono<Void> settle(List<Received> deliveries, Outcome outcome) {
        List<Settlement> settlements = deliveries.stream().map(received -> new Settlement(received, outcome)).toList();
        return Mono.<Void>fromRunnable(() -> acks.settle(settlements))
                .subscribeOn(brokerIo)
                .doOnSuccess(v -> meters.counter("moku.messages.consumed", "queue", queue.queue(),
                        "outcome", outcome.name().toLowerCase()).increment(settlements.size()));
    }

    /** A delivery and the message read from it. */
    private record Readable<T>(Received received, Envelope<T> message) {
    }

    /** A message of a batch after the look into the inbox and {@code prepare}: known, prepared, or failed. */
    private record Prepared<T>(Readable<T> readable, Object value, boolean known, Throwable failure) {
    }
}
