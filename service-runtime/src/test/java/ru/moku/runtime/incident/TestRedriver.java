package ru.moku.runtime.incident;

import java.util.Objects;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The redriver of the incident API's tests: supports kinds starting with {@value #RETRYABLE}; re-drives by writing a
 * {@code test_effect} row (card and message id = the incident's id) in the retry's transaction, and then fails for
 * kinds starting with {@value #FAILING}, so that a test can see that row rolled back with the incident's status.
 */
class TestRedriver implements IncidentRedriver {

    static final String RETRYABLE = "RETRYABLE_";
    static final String FAILING = "RETRYABLE_FAILING_";

    private final DatabaseClient db;

    TestRedriver(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean supports(Incident incident) {
        return incident.kind().startsWith(RETRYABLE);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        Mono<Void> effect = db.sql("INSERT INTO test_effect (card_id, message_id, note) VALUES (:id, :id, 'retried')")
                .bind("id", incident.id())
                .fetch().rowsUpdated().then();
        return incident.kind().startsWith(FAILING)
                ? effect.then(Mono.error(new IllegalStateException("re-drive failed")))
                : effect;
    }
}
