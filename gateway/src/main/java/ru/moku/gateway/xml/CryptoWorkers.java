package ru.moku.gateway.xml;

import org.springframework.beans.factory.DisposableBean;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that sign and verify SMEV's XML signatures ({@code moku.gateway.smev.crypto-workers}). A GOST signature
 * is milliseconds of CPU (canonicalisation, SMEV's transform, the curve arithmetic), so it never runs on an event
 * loop; bounded, so a burst queues up instead of taking every core from the rest of the service.
 */
public final class CryptoWorkers implements DisposableBean {

    private final Scheduler scheduler;

    /**
     * @param threads threads at most
     * @param queue   jobs that may wait for a thread
     */
    public CryptoWorkers(int threads, int queue) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "smev-crypto", 60, true);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
