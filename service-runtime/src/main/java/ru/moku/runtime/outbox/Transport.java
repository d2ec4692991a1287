package ru.moku.runtime.outbox;

/** Which broker an outbox row goes to. */
public enum Transport {
    /** RabbitMQ: work and hand-offs between services. */
    RABBIT,
    /** Kafka: the canonical event log. */
    KAFKA
}
