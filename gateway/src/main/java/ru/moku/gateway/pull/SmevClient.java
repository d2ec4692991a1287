package ru.moku.gateway.pull;

import reactor.core.publisher.Mono;

/** SMEV's message exchange service as the pull loop uses it. */
public interface SmevClient {

    /**
     * {@code GetResponse}: the SOAP envelope holding the next message of our response queue, or an
     * empty {@code Mono} when the queue is empty. A Fault, an HTTP error or a timeout is an error.
     */
    Mono<String> getResponse();

    /** {@code Ack}: tells SMEV the message {@code messageId} was taken, so it is not delivered again. */
    Mono<Void> ack(String messageId);
}
