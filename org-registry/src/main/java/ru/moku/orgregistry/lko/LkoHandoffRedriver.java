package ru.moku.orgregistry.lko;

import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.orgregistry.organisation.OrganisationStatus;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;

/**
 * Retry of {@code LKO_REJECTED} and {@code LKO_UNAVAILABLE} incidents ({@code POST /api/v1/incidents/{id}/retry}):
 * queues the hand-off again through the outbox, in the retry's transaction, with the organisation back at
 * {@code ACCEPTED} and its manual reviews for the incident marked {@code RETRIED}. ЛКО is idempotent by the МОКУ id,
 * so a re-driven hand-off never creates a second organisation there.
 */
@Component
class LkoHandoffRedriver implements IncidentRedriver {

    private static final Set<IncidentKind> KINDS = Set.of(LkoHandoffHandler.LKO_REJECTED, LkoHandoffHandler.LKO_UNAVAILABLE);

    private final HandoffRepository repository;
    private final HandoffQueue queue;

    LkoHandoffRedriver(HandoffRepository repository, HandoffQueue queue) {
        this.repository = repository;
        this.queue = queue;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return KINDS;
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        UUID id = UUID.fromString(incident.subject());
        return repository.load(id)
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("no organisation " + id)))
                .flatMap(subject -> repository.markStatus(id, OrganisationStatus.ACCEPTED)
                        .then(repository.retryManualReviews(incident.id()))
                        .then(queue.enqueue(id, subject.cardId(), null)));
    }
}
