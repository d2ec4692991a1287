package ru.moku.gateway.pull;

import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.InboundMessage;

/** SMEV's message exchange service as the pull loop uses it. */
public interface SmevClient {

    /**
     * {@code GetResponse}: the SOAP envelope holding the next message of our response queue (with its MTOM parts when
     * SMEV answered MTOM), or an empty {@code Mono} when the queue is empty. A Fault, an HTTP error or a timeout is an
     * error; an MTOM answer over a limit or malformed is a {@link ru.moku.gateway.mtom.MtomException}.
     */
    Mono<InboundMessage> getResponse();

    /** {@code Ack}: tells SMEV the message {@code messageId} was taken, so it is not delivered again. */
    Mono<Void> ack(String messageId);
}
