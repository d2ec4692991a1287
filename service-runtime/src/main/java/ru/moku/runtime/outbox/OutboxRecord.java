package ru.moku.runtime.outbox;

import java.util.UUID;

/**
 * One row of the outbox as the relay reads it.
 *
 * @param id          the row's sequence number (publication order)
 * @param messageId   the envelope's id (AMQP message-id, Kafka header)
 * @param transport   where it goes
 * @param destination logical exchange or topic
 * @param routingKey  routing key or record key
 * @param messageType the envelope's type
 * @param payload     the JSON envelope
 */
public record OutboxRecord(long id, UUID messageId, Transport transport, String destination, String routingKey,
                           String messageType, String payload) {
}
