package ru.moku.gateway.pull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.util.retry.Retry;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.IntakeService;

/**
 * The pull loops, their number adapting to SMEV's backlog: {@code moku.gateway.pull.concurrency} loops poll from
 * start-up to shutdown (with the pauses of {@link PollBackoff} when the queue is empty); each message taken starts
 * one more loop while fewer than {@code max-concurrency} run, and such an extra loop ends at its first turn without a
 * message. So the loops double with each round of full answers while SMEV has a backlog, and fall back to
 * {@code concurrency} once it answers empty — every loop still stores before it acknowledges.
 * Stopping cancels them all: a message being stored then is rolled back or not acknowledged, and delivered again by
 * SMEV to whichever instance polls next.
 */
public final class SmevPullLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmevPullLoops.class);

    private final GatewayProperties.Pull settings;
    private final IntFunction<SmevPullLoop> loops;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private volatile Disposable.Composite running;

    SmevPullLoops(GatewayProperties.Pull settings, IntFunction<SmevPullLoop> loops) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    /**
     * Loops over {@code smev}, each with a backoff of its own and shared metrics; {@code moku.gateway.pull.loops}
     * gauges how many run.
     */
    public static SmevPullLoops of(GatewayProperties.Pull settings, SmevClient smev, IntakeService intake,
                                   MeterRegistry meters) {
        PullMetrics metrics = new PullMetrics(meters);
        SmevPullLoops pullLoops = new SmevPullLoops(settings, index -> new SmevPullLoop(index, smev, intake,
                new PollBackoff(settings.idleBackoff(), settings.maxIdleBackoff(), settings.errorBackoff()), metrics));
        Gauge.builder("moku.gateway.pull.loops", pullLoops, SmevPullLoops::activeLoops)
                .description("SMEV pull loops running (more while SMEV has a backlog)").register(meters);
        return pullLoops;
    }

    /** Loops running now. */
    public int activeLoops() {
        return active.get();
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Disposables.composite();
        for (int i = 0; i < settings.concurrency(); i++) {
            startSteady(running);
        }
        log.info("Pulling SMEV responses from {} with {} loop(s), up to {} while SMEV has a backlog",
                settings.endpoint(), settings.concurrency(), settings.maxConcurrency());
    }

    /** A loop that runs until shutdown. */
    private void startSteady(Disposable.Composite into) {
        int index = started.getAndIncrement();
        active.incrementAndGet();
        into.add(loops.apply(index).run()
                .doOnNext(outcome -> grow(outcome, into))
                // pollOnce turns every failure into an outcome; this only guards against a bug.
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, settings.errorBackoff())
                        .doBeforeRetry(signal -> log.error("SMEV pull loop {} restarts", index, signal.failure())))
                .doFinally(signal -> active.decrementAndGet())
                .subscribe());
    }

    /** After a message: one more loop, while fewer than {@code max-concurrency} run. */
    private void grow(PollOutcome outcome, Disposable.Composite into) {
        if (outcome != PollOutcome.MESSAGE || into.isDisposed()) {
            return;
        }
        for (int now = active.get(); now < settings.maxConcurrency(); now = active.get()) {
            if (active.compareAndSet(now, now + 1)) {
                int index = started.getAndIncrement();
                into.add(loops.apply(index).burst()
                        .doOnNext(next -> grow(next, into))
                        .doFinally(signal -> active.decrementAndGet())
                        .subscribe(null, error -> log.error("SMEV pull loop {} failed", index, error)));
                return;
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
            log.info("SMEV pull loops stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        // Start after the web server and the outbox relays, stop before them.
        return Integer.MAX_VALUE - 200;
    }
}
