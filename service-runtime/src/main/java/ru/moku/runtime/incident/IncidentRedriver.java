package ru.moku.runtime.incident;

import java.util.Set;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;

/**
 * Re-drives the failed step behind an incident, for the operator API's
 * {@code POST /api/v1/incidents/{id}/retry}. A service declares one bean per family of incident kinds it knows
 * how to repeat (e.g. org-registry re-queues the hand-off to ЛКО for {@code LKO_REJECTED}).
 *
 * <p>{@link #redrive} runs inside the transaction that marks the incident resolved, so it re-drives through the
 * outbox (or another transactional write), never by calling a partner directly: either the incident is closed
 * and the step queued again, or neither happens. The re-driven step must be idempotent; if it fails again it
 * registers a new incident.
 */
public interface IncidentRedriver {

    /**
     * The kinds this redriver re-drives: each marked {@link IncidentKind#redrivable()} in the catalogue, and no
     * kind claimed by two redrivers of one service (checked at start-up).
     */
    Set<IncidentKind> kinds();

    /** Queues the failed step again; joins the caller's transaction. */
    Mono<Void> redrive(Incident incident);
}
