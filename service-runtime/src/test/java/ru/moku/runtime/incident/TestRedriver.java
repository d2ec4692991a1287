package ru.moku.runtime.incident;

import java.util.Objects;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;

/**
 * The redriver of the incident API's tests: re-drives {@link #REDRIVEN} and {@link #FAILING} incidents by writing a
 * {@code test_effect} row (card and message id = the incident's id) in the retry's transaction, and then fails for
 * {@link #FAILING}, so that a test can see that row rolled back with the incident's status; a {@link #HANGING} one
 * never finishes (a partner that does not answer).
 */
class TestRedriver implements IncidentRedriver {

    static final IncidentKind REDRIVEN = IncidentKind.LKO_REJECTED;
    static final IncidentKind FAILING = IncidentKind.LKO_UNAVAILABLE;
    static final IncidentKind HANGING = IncidentKind.ORG_REGISTRY_UNAVAILABLE;

    private final DatabaseClient db;

    TestRedriver(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(REDRIVEN, FAILING, HANGING);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        if (incident.kind() == HANGING) {
            return Mono.never();
        }
        Mono<Void> effect = db.sql("INSERT INTO test_effect (card_id, message_id, note) VALUES (:id, :id, 'retried')")
                .bind("id", incident.id())
                .fetch().rowsUpdated().then();
        return incident.kind() == FAILING
                ? effect.then(Mono.error(new IllegalStateException("re-drive failed")))
                : effect;
    }
}
