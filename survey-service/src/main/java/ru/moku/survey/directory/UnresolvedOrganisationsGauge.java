package ru.moku.survey.directory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gauge {@code moku.directory.organisations.unresolved}: ЛКО organisations whose ОКТМО is not in the current
 * directory, recounted every {@code moku.survey.directory.unresolved-refresh} (a scrape never waits for the database).
 */
@Component
class UnresolvedOrganisationsGauge implements SmartLifecycle {

    static final String METRIC = "moku.directory.organisations.unresolved";

    private static final Logger log = LoggerFactory.getLogger(UnresolvedOrganisationsGauge.class);

    private final DirectoryRepository repository;
    private final Duration refresh;
    private final AtomicLong unresolved = new AtomicLong();
    private volatile Disposable counting;

    UnresolvedOrganisationsGauge(DirectoryRepository repository, DirectoryProperties properties,
                                 MeterRegistry registry) {
        this.repository = repository;
        this.refresh = properties.unresolvedRefresh();
        Gauge.builder(METRIC, unresolved, AtomicLong::get)
                .description("ЛКО organisations whose ОКТМО is not in the current ОКТМО directory")
                .register(registry);
    }

    @Override
    public void start() {
        counting = Flux.interval(Duration.ZERO, refresh)
                .onBackpressureDrop()
                .concatMap(tick -> repository.countUnresolved()
                        .doOnNext(unresolved::set)
                        .onErrorResume(error -> {
                            log.warn("Counting organisations outside the ОКТМО directory failed: {}",
                                    error.toString());
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable running = counting;
        if (running != null) {
            running.dispose();
        }
        counting = null;
    }

    @Override
    public boolean isRunning() {
        return counting != null;
    }
}
