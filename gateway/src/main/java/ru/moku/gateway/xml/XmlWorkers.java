package ru.moku.gateway.xml;

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

    public XmlWorkers(int threads, int queue) {
        this.scheduler = Schedulers.newBoundedElastic(threads, queue, "smev-xml", 60, true);
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
