package ru.moku.runtime.outbox;

import java.util.List;
import reactor.core.publisher.Flux;

/** Publishes outbox rows to one broker and reports which of them the broker confirmed. */
public interface OutboxTransport {

    Transport transport();

    /**
     * Publishes {@code records} and emits the {@link OutboxRecord#id()} of each one the broker
     * confirmed. Records not emitted stay unpublished and are tried again by the next batch.
     */
    Flux<Long> publish(List<OutboxRecord> records);
}
