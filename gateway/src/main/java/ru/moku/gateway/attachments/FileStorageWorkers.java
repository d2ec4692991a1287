package ru.moku.gateway.attachments;

import org.springframework.beans.factory.DisposableBean;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that block on SMEV's file storage (FTP) and on the temporary files of a fetch. Bounded
 * ({@code moku.gateway.attachments.ftp.threads} / {@code queue}), so slow transfers queue up instead of taking the
 * service's threads.
 */
public final class FileStorageWorkers implements DisposableBean {

    private static final int IDLE_TTL_SECONDS = 60;

    private final Scheduler scheduler;

    public FileStorageWorkers(int threads, int queue) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "smev-fs", IDLE_TTL_SECONDS, true);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
