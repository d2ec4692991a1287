package ru.moku.runtime.incident;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.IncidentRegistered;
import ru.moku.model.messaging.Ids;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.web.Keyset;

/**
 * Registers incidents in the service's {@code incident} table and announces each on Kafka (through
 * the outbox, in the same transaction). There is at most one open incident per kind and subject: the same failure
 * happening again to the same subject counts on it ({@code occurrences}, {@code last_occurred_at}, the latest
 * message and payload) instead of opening another, and is not announced again.
 */
public class Incidents {

    private static final int MAX_TEXT = 100_000;

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final String serviceName;

    public Incidents(DatabaseClient db, Outbox outbox, TransactionalOperator tx, String serviceName) {
        this.db = Objects.requireNonNull(db, "db");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /**
     * Registers an incident; joins the caller's transaction if there is one, else runs in its own.
     *
     * @return the incident's id
     */
    public Mono<UUID> register(Incident.Draft draft) {
        return register(draft, true);
    }

    /**
     * Registers an incident like {@link #register(Incident.Draft)}, announcing its first occurrence on Kafka only
     * when {@code announce} (not for an incident about the announcement itself, which would go the same way).
     */
    public Mono<UUID> register(Incident.Draft draft, boolean announce) {
        Objects.requireNonNull(draft.kind(), "kind");
        Mono<UUID> upsert = db.sql("""
                        INSERT INTO incident (id, kind, subject, message, payload, attempts)
                        VALUES (:id, :kind, :subject, :message, :payload, :attempts)
                        ON CONFLICT (kind, subject) WHERE status = 'OPEN' DO UPDATE
                        SET occurrences = incident.occurrences + 1, last_occurred_at = now(), updated_at = now(),
                            message = EXCLUDED.message, payload = EXCLUDED.payload, attempts = EXCLUDED.attempts
                        RETURNING id, occurrences""")
                .bind("id", Ids.next())
                .bind("kind", draft.kind().name())
                .bind("subject", orEmpty(truncate(draft.subject())))
                .bind("message", truncate(draft.message()))
                .bind("payload", orEmpty(truncate(draft.payload())))
                .bind("attempts", draft.attempts())
                .map(row -> Map.entry(row.get("id", UUID.class), row.get("occurrences", Integer.class)))
                .one()
                .flatMap(stored -> stored.getValue() == 1 && announce
                        ? announce(stored.getKey(), draft).thenReturn(stored.getKey())
                        : Mono.just(stored.getKey()));
        return tx.transactional(upsert);
    }

    /** The first occurrence of an incident goes to Kafka; repeated ones only count. */
    private Mono<Void> announce(UUID id, Incident.Draft draft) {
        IncidentRegistered event = new IncidentRegistered(id, serviceName, draft.kind(), draft.subject(),
                truncate(draft.message()), draft.attempts(), Instant.now());
        UUID correlation = parseUuid(draft.subject()).orElse(id);
        Envelope<IncidentRegistered> envelope = Envelope.create(MessageTypes.INCIDENT_REGISTERED,
                "moku/" + serviceName, correlation, null, draft.subject(), event);
        return outbox.toKafka(Destinations.INCIDENT_TOPIC,
                draft.subject() == null ? id.toString() : draft.subject(), envelope);
    }

    /**
     * Incidents matching the filters (each may be {@code null}), newest first (by creation time, then id), starting
     * after {@code after} when given; at most {@code limit}.
     */
    public Flux<Incident> find(IncidentKind kind, Incident.Status status, String subject,
                               Optional<Keyset.Position> after, int limit) {
        return db.sql("""
                        SELECT * FROM incident
                        WHERE (CAST(:kind AS TEXT) = '' OR kind = :kind)
                          AND (CAST(:status AS TEXT) = '' OR status = :status)
                          AND (CAST(:subject AS TEXT) = '' OR subject = :subject)
                          AND (NOT :paged OR (created_at, id) < (:afterAt, :afterId))
                        ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .bind("kind", kind == null ? "" : kind.name())
                .bind("status", status == null ? "" : status.name())
                .bind("subject", subject == null ? "" : subject)
                .bind("paged", after.isPresent())
                .bind("afterAt", after.map(position -> position.at().atOffset(ZoneOffset.UTC))
                        .orElse(OffsetDateTime.now(ZoneOffset.UTC)))
                .bind("afterId", after.map(Keyset.Position::id).orElse(new UUID(0, 0)))
                .bind("limit", limit)
                .map(Incidents::map)
                .all();
    }

    /** One incident. */
    public Mono<Incident> get(UUID id) {
        return db.sql("SELECT * FROM incident WHERE id = :id").bind("id", id).map(Incidents::map).one();
    }

    /** Marks an incident resolved with the operator's comment; empty if there is no such incident. */
    public Mono<Incident> resolve(UUID id, String comment) {
        return db.sql("""
                        UPDATE incident SET status = 'RESOLVED', resolution_comment = :comment, updated_at = now()
                        WHERE id = :id""")
                .bind("id", id)
                .bind("comment", comment == null ? "" : comment)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 0 ? Mono.empty() : get(id));
    }

    /**
     * Closes an open incident as retried and lets {@code redriver} re-drive its step, both in one transaction.
     * The incident becomes {@code RESOLVED} with the comment {@code "retried"} (plus the operator's comment): the
     * re-driven step registers a new incident if it fails again, so an open incident always means "still needs a
     * person". Empty if the incident does not exist or is not open (any more).
     */
    public Mono<Incident> retry(UUID id, IncidentRedriver redriver, String comment) {
        String resolution = comment == null || comment.isBlank() ? "retried" : "retried: " + comment;
        Mono<Incident> retried = db.sql("""
                        UPDATE incident SET status = 'RESOLVED', resolution_comment = :comment, updated_at = now()
                        WHERE id = :id AND status = 'OPEN'""")
                .bind("id", id)
                .bind("comment", resolution)
                .fetch().rowsUpdated()
                .filter(rows -> rows == 1)
                .flatMap(closed -> get(id))
                .flatMap(incident -> redriver.redrive(incident).thenReturn(incident));
        return tx.transactional(retried);
    }

    private static Incident map(Readable row) {
        return new Incident(
                row.get("id", UUID.class),
                IncidentKind.valueOf(row.get("kind", String.class)),
                emptyToNull(row.get("subject", String.class)),
                row.get("message", String.class),
                emptyToNull(row.get("payload", String.class)),
                row.get("attempts", Integer.class),
                row.get("occurrences", Integer.class),
                row.get("last_occurred_at", OffsetDateTime.class).toInstant(),
                Incident.Status.valueOf(row.get("status", String.class)),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("updated_at", OffsetDateTime.class).toInstant(),
                emptyToNull(row.get("resolution_comment", String.class)));
    }

    private static java.util.Optional<UUID> parseUuid(String value) {
        try {
            return value == null ? java.util.Optional.empty() : java.util.Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * At most {@code MAX_TEXT} characters, and no U+0000, which PostgreSQL text cannot hold: a poison
     * message is often binary, and its incident must still be written or the message never leaves.
     */
    private static String truncate(String text) {
        if (text == null) {
            return null;
        }
        String storable = text.replace('\0', '\uFFFD');
        return storable.length() <= MAX_TEXT ? storable : storable.substring(0, MAX_TEXT);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
