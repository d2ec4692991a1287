package ru.moku.simulators.smev;

import java.util.Optional;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The bounded pool ({@code simulators.smev.crypto-workers} threads) for what must not run on an event loop: signing,
 * verifying, writing the file storage's files. Created only when something needs it, so the default simulator keeps
 * answering on the request's thread as before.
 */
final class SmevCryptoPool implements AutoCloseable {

    private final Scheduler scheduler;
    private final boolean usedByEndpoint;

    SmevCryptoPool(int workers, boolean usedByEndpoint) {
        this.scheduler = Schedulers.newBoundedElastic(workers, Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE,
                "smev-simulator-crypto");
        this.usedByEndpoint = usedByEndpoint;
    }

    /** The pool for blocking or CPU-heavy work of the admin API (generation with signatures or files). */
    Scheduler scheduler() {
        return scheduler;
    }

    /** The pool, when {@code POST /smev} signs or verifies. */
    Optional<Scheduler> schedulerIfUsed() {
        return usedByEndpoint ? Optional.of(scheduler) : Optional.empty();
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
