package ru.moku.runtime.rabbit;

import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Envelope;

/**
 * Handles one message of a work queue. Runs inside a database transaction that also records the
 * message id in the inbox, so the effect happens once however often the message is delivered.
 * Signal an error to refuse the message: transient errors (see {@code Failures}) are retried,
 * others dead-letter it with an incident.
 *
 * <p>The transaction may be shared: the consumer records a micro-batch of messages in one transaction
 * ({@code moku.messaging.consumer.batch-size}), so {@code handle} may run after the handlers of other
 * messages — of the same queue, in the same transaction — and before others. A handler therefore
 * assumes nothing per transaction (no "first/last statement of the transaction", no transaction-wide
 * locks or counters of its own, no {@code SET LOCAL} it relies on staying alone), and never swallows
 * an error of a statement it ran: a failed statement aborts the whole transaction, and only a signalled
 * error lets the consumer roll it back and handle each message of the batch again on its own. If the
 * batch's transaction fails, every message of it is handled again (so {@code handle} may run twice for a
 * message whose first run was rolled back) — as on any redelivery, the inbox keeps the effect single.
 */
@FunctionalInterface
public interface MessageHandler<T> {

    Mono<Void> handle(Envelope<T> message);
}
