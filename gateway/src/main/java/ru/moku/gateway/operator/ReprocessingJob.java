package ru.moku.gateway.operator;

import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.config.GatewayProperties;

/**
 * Every {@code moku.gateway.reprocessing.interval}, re-drives the instances that have been failed
 * for longer than {@code failed-after} and were published fewer than {@code max-attempts} times
 * (the bound keeps a card that card-processor rejects for good from circling forever; an operator
 * can still re-drive it). Safe on any number of pods: raw messages are locked with SKIP LOCKED.
 */
public final class ReprocessingJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReprocessingJob.class);

    private final Reprocessing reprocessing;
    private final GatewayProperties.Reprocessing settings;
    private volatile Disposable running;

    public ReprocessingJob(Reprocessing reprocessing, GatewayProperties.Reprocessing settings) {
        this.reprocessing = Objects.requireNonNull(reprocessing, "reprocessing");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** One run; emits the number of instances re-published. */
    public Mono<Integer> runOnce() {
        return reprocessing.reprocessDue(settings.failedAfter(), settings.maxAttempts(), settings.batchSize())
                .doOnNext(count -> {
                    if (count > 0) {
                        log.info("Reprocessing job re-published {} failed instance(s)", count);
                    }
                });
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        running = Flux.interval(settings.interval())
                .onBackpressureDrop()
                .concatMap(tick -> runOnce().onErrorResume(error -> {
                    // The next run tries again; nothing was changed by the failed one (its transaction rolled back).
                    log.warn("Reprocessing job run failed: {}", error.toString());
                    return Mono.empty();
                }))
                .subscribe();
        log.info("Reprocessing job every {} (failed for {}, at most {} publications)", settings.interval(),
                settings.failedAfter(), settings.maxAttempts());
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
