package ru.moku.runtime.rabbit;

import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Envelope;

/**
 * What a service does, besides the incident, when it gives up on a message (e.g. tell the sender
 * that the work failed). Runs in the incident's transaction. {@code message} is {@code null} when
 * the body could not even be decoded.
 */
@FunctionalInterface
public interface DeadLetterHook<T> {

    DeadLetterHook<Object> NONE = (message, error) -> Mono.empty();

    Mono<Void> onDeadLetter(Envelope<T> message, Throwable error);

    @SuppressWarnings("unchecked")
    static <T> DeadLetterHook<T> none() {
        return (DeadLetterHook<T>) (DeadLetterHook<?>) NONE;
    }
}
