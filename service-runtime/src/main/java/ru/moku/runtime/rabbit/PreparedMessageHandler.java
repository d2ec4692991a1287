package ru.moku.runtime.rabbit;

import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Envelope;

/**
 * Handles one message of a work queue in two steps, for handlers that call a partner: {@link #prepare} does the
 * slow part (an HTTP call, a lookup) <em>outside</em> any database transaction, so no connection is held while a
 * partner takes its time; {@link #handle} records its result inside the transaction that also records the message
 * id in the inbox, exactly as {@link MessageHandler#handle} does.
 *
 * <p>{@code prepare} may run more than once for one message: on a redelivery before the transaction committed,
 * and on each retry of a transient failure. It must therefore be safe to repeat (ask again, read a cache); a
 * message already recorded in the inbox is skipped before {@code prepare} runs. Errors are classified as for
 * {@link MessageHandler}: transient ones are retried, others dead-letter the message with an incident.
 *
 * <p>In a micro-batch the consumer runs the inbox look-ahead and {@code prepare} of each message first, outside any
 * transaction (several at once, at most {@code moku.messaging.consumer.prepare-concurrency}), then {@code handle} of
 * each first delivery one after another in the batch's one transaction — after other messages' {@code handle} in that
 * same transaction, with the same rules as {@link MessageHandler#handle}. If that transaction fails, each message is
 * handled again on its own with the value its {@code prepare} already produced (its later retries prepare again).
 *
 * @param <T> the message's data
 * @param <P> what {@code prepare} found out; must not be empty
 */
public interface PreparedMessageHandler<T, P> {

    /** The slow part, outside any transaction. Emits exactly one value. */
    Mono<P> prepare(Envelope<T> message);

    /** Records {@code prepared} in the inbox transaction. */
    Mono<Void> handle(Envelope<T> message, P prepared);
}
