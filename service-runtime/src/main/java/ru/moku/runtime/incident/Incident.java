package ru.moku.runtime.incident;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that needs a person: retries spent, a poison message, invalid data. One table and one
 * shape in every service.
 *
 * @param id                the incident
 * @param kind              a stable code of what went wrong, e.g. {@code INVALID_IDENTIFIER}
 * @param subject           what it concerns: a card id, a raw message id, a queue
 * @param message           human-readable description
 * @param payload           the data involved (the message body, the request), if any
 * @param attempts          attempts made before giving up
 * @param status            open or resolved
 * @param createdAt         when it was registered
 * @param updatedAt         when it last changed
 * @param resolutionComment what the operator said when resolving it
 */
public record Incident(UUID id, String kind, String subject, String message, String payload, int attempts,
                       Status status, Instant createdAt, Instant updatedAt, String resolutionComment) {

    /** Incident status. */
    public enum Status {
        OPEN, RESOLVED
    }

    /**
     * What a caller knows when it registers an incident.
     *
     * @param kind     stable code of what went wrong
     * @param subject  what it concerns
     * @param message  human-readable description
     * @param payload  data involved, may be {@code null}
     * @param attempts attempts made
     */
    public record Draft(String kind, String subject, String message, String payload, int attempts) {
    }
}
