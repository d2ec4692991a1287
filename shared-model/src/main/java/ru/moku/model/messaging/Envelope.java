package ru.moku.model.messaging;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The envelope every message on RabbitMQ and every event on Kafka carries (CloudEvents-shaped,
 * ARCHITECTURE.md §3).
 *
 * @param id            unique id of this message; consumers de-duplicate on it
 * @param type          what the message is, one of {@link MessageTypes}
 * @param source        the service that produced it (e.g. {@code moku/gateway})
 * @param time          when it was produced
 * @param correlationId the card's chain, end to end (the card id once there is a card)
 * @param causationId   the id of the message that caused this one; {@code null} for a chain's first
 * @param subject       what the message is about (a card id, an organisation id), for routing and search
 * @param data          the payload
 * @param <T>           payload type
 */
public record Envelope<T>(
        UUID id,
        String type,
        String source,
        Instant time,
        UUID correlationId,
        UUID causationId,
        String subject,
        T data) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(data, "data");
    }

    /** A new message starting or continuing the chain {@code correlationId}. */
    public static <T> Envelope<T> create(String type, String source, UUID correlationId, UUID causationId,
                                         String subject, T data) {
        return new Envelope<>(Ids.next(), type, source, Instant.now(), correlationId, causationId, subject, data);
    }

    /** A message caused by this one: same chain, this message as its cause. */
    public <R> Envelope<R> reply(String type, String source, String subject, R data) {
        return create(type, source, correlationId, id, subject, data);
    }
}
