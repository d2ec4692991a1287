package ru.moku.runtime.rabbit;

import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Envelope;

/**
 * Handles one message of a work queue. Runs inside a database transaction that also records the
 * message id in the inbox, so the effect happens once however often the message is delivered.
 * Signal an error to refuse the message: transient errors (see {@code Failures}) are retried,
 * others dead-letter it with an incident.
 */
@FunctionalInterface
public interface MessageHandler<T> {

    Mono<Void> handle(Envelope<T> message);
}
