package ru.moku.runtime.incident;

import java.time.Instant;
import java.util.UUID;
import ru.moku.model.incident.IncidentKind;

/**
 * Something that needs a person: retries spent, a poison message, invalid data. One table and one
 * shape in every service.
 *
 * @param id                the incident
 * @param kind              what went wrong, from the platform's catalogue
 * @param subject           what it concerns: a card id, a raw message id, a queue
 * @param message           human-readable description
 * @param payload           the data involved (the message body, the request), if any
 * @param attempts          attempts made before giving up (at the latest occurrence)
 * @param occurrences       how often the same kind of failure happened to the same subject while the incident was
 *                          open: a repeated failure counts here instead of opening another incident
 * @param lastOccurredAt    when it last happened
 * @param status            open or resolved
 * @param createdAt         when it was registered
 * @param updatedAt         when it last changed
 * @param resolutionComment what the operator said when resolving it
 */
public record Incident(UUID id, IncidentKind kind, String subject, String message, String payload, int attempts,
                       int occurrences, Instant lastOccurredAt, Status status, Instant createdAt, Instant updatedAt,
                       String resolutionComment) {

    /** Incident status. */
    public enum Status {
        OPEN, RESOLVED
    }

    /**
     * What a caller knows when it registers an incident.
     *
     * @param kind     what went wrong
     * @param subject  what it concerns
     * @param message  human-readable description
     * @param payload  data involved, may be {@code null}
     * @param attempts attempts made
     */
    public record Draft(IncidentKind kind, String subject, String message, String payload, int attempts) {
    }
}
