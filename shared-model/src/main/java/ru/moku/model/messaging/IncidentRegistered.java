package ru.moku.model.messaging;

import java.time.Instant;
import java.util.UUID;
import ru.moku.model.incident.IncidentKind;

/**
 * Kafka event: a service registered an incident for manual analysis.
 *
 * @param incidentId the incident's id in the service's own incident table
 * @param service    the service that registered it
 * @param kind       what went wrong, from the platform's catalogue
 * @param subject    what it concerns (a card id, a raw message id)
 * @param message    a human-readable description
 * @param attempts   how many attempts were made before giving up
 * @param at         when it was registered
 */
public record IncidentRegistered(UUID incidentId, String service, IncidentKind kind, String subject, String message,
                                 int attempts, Instant at) {
}
