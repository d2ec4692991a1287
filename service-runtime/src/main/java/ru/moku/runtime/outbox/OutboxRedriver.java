package ru.moku.runtime.outbox;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;

/**
 * Re-drives {@link IncidentKind#OUTBOX_UNPUBLISHABLE}: the parked row (the incident's subject is its message id)
 * becomes due again with its attempts reset, so the relay publishes it with the next batch. Its
 * {@code last_error} stays until it is published. If it fails again it opens a new incident.
 */
public class OutboxRedriver implements IncidentRedriver {

    private final DatabaseClient db;

    public OutboxRedriver(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(IncidentKind.OUTBOX_UNPUBLISHABLE);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        return Mono.fromCallable(() -> UUID.fromString(incident.subject()))
                .flatMap(messageId -> db.sql("""
                                UPDATE outbox SET next_attempt_at = NULL, attempts = 0
                                WHERE message_id = :messageId AND published_at IS NULL""")
                        .bind("messageId", messageId)
                        .fetch().rowsUpdated())
                .then();
    }
}
