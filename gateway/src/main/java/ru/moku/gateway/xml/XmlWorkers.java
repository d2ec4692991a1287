package ru.moku.gateway.xml;

import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The threads that parse and validate SMEV XML. A 1 MB document takes milliseconds of CPU and the
 * JAXP parsers may touch the file system on first use, so this work never runs on an event loop.
 * Bounded, so a burst of pushes queues up instead of starving the rest of the service.
 */
public final class XmlWorkers implements DisposableBean {

    private final Scheduler scheduler;

    /**
     * @param threads threads at most ({@code moku.gateway.intake.parser-threads})
     * @param queue   jobs that may wait for a thread ({@code parser-queue})
     * @param idleTtl how long an idle thread is kept ({@code parser-idle-ttl})
     */
    public XmlWorkers(int threads, int queue, Duration idleTtl) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "smev-xml",
                (int) Math.max(1, Math.min(idleTtl.toSeconds(), Integer.MAX_VALUE)), true);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
