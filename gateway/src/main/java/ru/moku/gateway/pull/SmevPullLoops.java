package ru.moku.gateway.pull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.IntakeService;

/**
 * Runs {@code moku.gateway.pull.concurrency} independent pull loops from start-up to shutdown.
 * Stopping cancels them: a message being stored then is rolled back, not acknowledged, and
 * delivered again by SMEV to whichever instance polls next.
 */
public final class SmevPullLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmevPullLoops.class);

    private final GatewayProperties.Pull settings;
    private final IntFunction<SmevPullLoop> loops;
    private volatile Disposable running;

    SmevPullLoops(GatewayProperties.Pull settings, IntFunction<SmevPullLoop> loops) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.loops = Objects.requireNonNull(loops, "loops");
    }

    /** {@code settings.concurrency()} loops over {@code smev}, each with a backoff of its own and shared metrics. */
    public static SmevPullLoops of(GatewayProperties.Pull settings, SmevClient smev, IntakeService intake,
                                   MeterRegistry meters) {
        PullMetrics metrics = new PullMetrics(meters);
        return new SmevPullLoops(settings, index -> new SmevPullLoop(index, smev, intake,
                new PollBackoff(settings.idleBackoff(), settings.maxIdleBackoff(), settings.errorBackoff()), metrics));
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.range(0, settings.concurrency())
                .flatMap(index -> loops.apply(index).run()
                        // pollOnce turns every failure into an outcome; this only guards against a bug.
                        .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, settings.errorBackoff())
                                .doBeforeRetry(signal -> log.error("SMEV pull loop {} restarts", index,
                                        signal.failure()))), settings.concurrency())
                .subscribe();
        log.info("Pulling SMEV responses from {} with {} loop(s)", settings.endpoint(), settings.concurrency());
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
