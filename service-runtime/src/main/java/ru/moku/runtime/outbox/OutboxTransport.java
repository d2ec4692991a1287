package ru.moku.runtime.outbox;

import java.util.List;
import reactor.core.publisher.Flux;

/** Publishes outbox rows to one broker and reports, row by row, what the broker did with them. */
public interface OutboxTransport {

    Transport transport();

    /**
     * Publishes {@code records} and emits a {@link Result} for each row the broker confirmed or refused. A row
     * without a result (the broker went away before it answered) stays due and is tried again by the next batch;
     * an error of the whole flux (the broker is unreachable) fails the batch, which the relay retries with backoff.
     */
    Flux<Result> publish(List<OutboxRecord> records);

    /** Releases what the transport keeps between batches (a channel); called when its relay has stopped. */
    default void close() {
    }

    /**
     * What became of one row.
     *
     * @param id      the row ({@link OutboxRecord#id()})
     * @param failure {@code null} when the broker confirmed it; else why it refused it — a
     *                {@link ru.moku.runtime.failure.Failures.PermanentFailure} when trying again cannot help
     *                (unroutable, too large, an invalid topic), anything else is tried again after a backoff
     */
    record Result(long id, Throwable failure) {

        public static Result confirmed(long id) {
            return new Result(id, null);
        }

        public static Result refused(long id, Throwable failure) {
            return new Result(id, failure);
        }

        public boolean isConfirmed() {
            return failure == null;
        }
    }
}
