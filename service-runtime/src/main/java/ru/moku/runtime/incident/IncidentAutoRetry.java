package ru.moku.runtime.incident;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;

/**
 * Re-drives open incidents of the configured "partner was away" kinds ({@link AutoRetryProperties#kinds()}) once
 * they have been open for {@link AutoRetryProperties#interval()}, at most {@link AutoRetryProperties#maxRetries()}
 * times per subject; after that the incident stays open for a person, as before. Each retry goes through
 * {@link Incidents#retry}, which closes the incident only if it is still open, so several replicas looking at the
 * same incidents re-drive each one once. A re-driven step that fails again opens a new incident, which the next look
 * retries after another interval.
 */
public class IncidentAutoRetry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IncidentAutoRetry.class);

    private final DatabaseClient db;
    private final Incidents incidents;
    private final IncidentRedrivers redrivers;
    private final AutoRetryProperties properties;
    private final MeterRegistry meters;
    private volatile Disposable loop;

    public IncidentAutoRetry(DatabaseClient db, Incidents incidents, IncidentRedrivers redrivers,
                             AutoRetryProperties properties, MeterRegistry meters) {
        this.db = db;
        this.incidents = incidents;
        this.redrivers = redrivers;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        Set<IncidentKind> kinds = properties.kinds();
        for (IncidentKind kind : kinds) {
            if (redrivers.forKind(kind).isEmpty()) {
                throw new IllegalStateException("moku.incidents.auto-retry.kinds names " + kind
                        + ", which this service has no re-driver for");
            }
        }
        if (kinds.isEmpty() || loop != null) {
            return;
        }
        loop = Flux.interval(properties.interval(), properties.interval())
                // A look that takes longer than the interval skips the ticks it missed instead of failing the loop.
                .onBackpressureDrop()
                .concatMap(tick -> retryDue()
                        .onErrorResume(error -> {
                            // The next look tries again; the incidents stay open meanwhile, nothing is lost.
                            log.warn("Automatic incident retry failed, next look in {}: {}", properties.interval(),
                                    error.toString());
                            return Mono.empty();
                        }))
                .subscribe();
        log.info("Incidents of kinds {} are retried automatically every {} (at most {} times each)", kinds,
                properties.interval(), properties.maxRetries());
    }

    /**
     * Re-drives the incidents due now; emits how many were re-driven. The due ids are read whole first, so the query
     * gives its connection back before the re-drives take theirs (with a small pool, a result set held open while
     * re-drives waited for connections could stall the look). One re-drive that takes longer than the interval is
     * given up for this look (its incident stays open, the next look tries it again) instead of holding up the rest.
     */
    Mono<Long> retryDue() {
        return dueIncidents()
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(id -> retry(id)
                        .timeout(properties.interval())
                        .onErrorResume(error -> {
                            log.warn("Automatic retry of incident {} failed, the next look tries again: {}", id,
                                    error.toString());
                            return Mono.just(false);
                        }))
                .filter(Boolean::booleanValue)
                .count();
    }

    private Flux<UUID> dueIncidents() {
        String[] kinds = properties.kinds().stream().map(Enum::name).toArray(String[]::new);
        return db.sql("""
                        SELECT i.id FROM incident i
                        WHERE i.status = 'OPEN' AND i.kind = ANY(:kinds)
                          AND i.last_occurred_at < now() - make_interval(secs => :waitSeconds)
                          AND (SELECT count(*) FROM incident r
                               WHERE r.kind = i.kind AND r.subject = i.subject AND r.status = 'RESOLVED'
                                 AND r.resolution_comment LIKE :comment) < :maxRetries
                        ORDER BY i.last_occurred_at
                        LIMIT :limit""")
                .bind("kinds", kinds)
                .bind("waitSeconds", (double) properties.interval().toMillis() / 1000.0)
                .bind("comment", "retried: " + AutoRetryProperties.COMMENT + "%")
                .bind("maxRetries", (long) properties.maxRetries())
                .bind("limit", properties.batchSize())
                .map(row -> row.get("id", UUID.class))
                .all();
    }

    private Mono<Boolean> retry(UUID id) {
        return incidents.get(id)
                .flatMap(incident -> redrivers.forKind(incident.kind())
                        .map(redriver -> incidents.retry(id, redriver, AutoRetryProperties.COMMENT))
                        .orElseGet(Mono::empty))
                .doOnNext(incident -> {
                    meters.counter("moku.incidents.auto-retried", "kind", incident.kind().name()).increment();
                    log.info("Incident {} ({} {}) retried automatically", id, incident.kind(), incident.subject());
                })
                .hasElement();
    }

    @Override
    public synchronized void stop() {
        if (loop != null) {
            loop.dispose();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
