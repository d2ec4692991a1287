package ru.moku.orgregistry.lko;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.organisation.LkoOrganisationUpdated;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.orgregistry.organisation.OrganisationStatus;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * Hands an organisation to ЛКО (ПОС.ОГ.ЛКО, survey-service; seed 000 step 11). {@link #prepare} calls ЛКО outside
 * any transaction, with all its retries, and turns the answer into a {@link HandoffOutcome}; {@link #handle}
 * records it in the inbox transaction:
 * <ul>
 *   <li>registered → ЛКО's id on the organisation ({@code CREATED_IN_LKO}) and {@code OrganisationRegistered} to
 *       card-processor through the outbox;</li>
 *   <li>refused (422 on every attempt, or another 4xx) → incident {@value #LKO_REJECTED} with ЛКО's problem document,
 *       a {@code manual_review} row, {@code MANUAL_REVIEW};</li>
 *   <li>unavailable after every attempt → incident {@value #LKO_UNAVAILABLE}, {@code FAILED}.</li>
 * </ul>
 * An organisation ЛКО has already (its ЛКО id is stored) is sent as an update instead ({@code PUT}, issue 13), with
 * ПОС.ОС's revision as the guard; ЛКО's 200 makes it {@code CREATED_IN_LKO} again, its refusals and unavailability
 * are recorded as above.
 * Either way the message is acked: the incident carries the case, and retrying it re-queues the hand-off.
 */
@Component
public class LkoHandoffHandler implements PreparedMessageHandler<LkoHandoff, HandoffOutcome> {

    static final IncidentKind LKO_REJECTED = IncidentKind.LKO_REJECTED;
    static final IncidentKind LKO_UNAVAILABLE = IncidentKind.LKO_UNAVAILABLE;
    private static final Logger log = LoggerFactory.getLogger(LkoHandoffHandler.class);

    private final LkoHandoffRepository repository;
    private final LkoClient client;
    private final PartnerCalls calls;
    private final HandoffQueue handoffs;
    private final Incidents incidents;
    private final EnvelopeCodec codec;

    LkoHandoffHandler(LkoHandoffRepository repository, LkoClient client, PartnerCalls calls, HandoffQueue handoffs,
                      Incidents incidents, EnvelopeCodec codec) {
        this.repository = repository;
        this.client = client;
        this.calls = calls;
        this.handoffs = handoffs;
        this.incidents = incidents;
        this.codec = codec;
    }

    @Override
    public Mono<HandoffOutcome> prepare(Envelope<LkoHandoff> message) {
        UUID id = message.data().mokuOrganisationId();
        return repository.load(id)
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("no organisation " + id + " to hand off")))
                .flatMap(subject -> subject.lkoOrganisationId() == null ? callLko(subject.request(), subject.revision())
                        : updateLko(subject.update()));
    }

    @Override
    public Mono<Void> handle(Envelope<LkoHandoff> message, HandoffOutcome outcome) {
        if (outcome instanceof HandoffOutcome.Registered registered) {
            return recordRegistered(message, registered);
        }
        if (outcome instanceof HandoffOutcome.Updated updated) {
            return recordUpdated(message, updated);
        }
        if (outcome instanceof HandoffOutcome.Rejected rejected) {
            return recordRejected(message, rejected);
        }
        return recordUnavailable(message, (HandoffOutcome.Unavailable) outcome);
    }

    /** ЛКО's answer after every retry, as a value; the boundary is {@link #handle}. */
    private Mono<HandoffOutcome> callLko(LkoOrganisationRequest request, long revision) {
        AtomicInteger made = new AtomicInteger();
        Mono<LkoOrganisationCreated> attempt = Mono.defer(() -> {
            made.incrementAndGet();
            return client.create(request);
        });
        return calls.protect(attempt)
                .<HandoffOutcome>map(created -> new HandoffOutcome.Registered(created.lkoOrganisationId(), made.get(),
                        revision))
                .onErrorResume(PartnerFailure.Rejected.class, rejected -> Mono.just(
                        new HandoffOutcome.Rejected(rejected.status(), rejected.problem(), made.get())))
                .onErrorResume(PartnerFailure.Unavailable.class, unavailable -> Mono.just(
                        new HandoffOutcome.Unavailable(unavailable.getMessage(), made.get())));
    }

    /** Like {@link #callLko} for an organisation ЛКО has: the update, guarded in ЛКО by ПОС.ОС's revision. */
    private Mono<HandoffOutcome> updateLko(LkoOrganisationUpdate update) {
        AtomicInteger made = new AtomicInteger();
        Mono<LkoOrganisationUpdated> attempt = Mono.defer(() -> {
            made.incrementAndGet();
            return client.update(update);
        });
        return calls.protect(attempt)
                .<HandoffOutcome>map(updated -> new HandoffOutcome.Updated(updated.lkoOrganisationId(),
                        updated.revision(), updated.applied(), made.get()))
                .onErrorResume(PartnerFailure.Rejected.class, rejected -> Mono.just(
                        new HandoffOutcome.Rejected(rejected.status(), rejected.problem(), made.get())))
                .onErrorResume(PartnerFailure.Unavailable.class, unavailable -> Mono.just(
                        new HandoffOutcome.Unavailable(unavailable.getMessage(), made.get())));
    }

    /**
     * ЛКО took the update (or had it, or a later one): the organisation is {@code CREATED_IN_LKO} again — also after
     * a failed update that an operator re-drove. card-processor is not told again: its card has the pair of ids.
     */
    private Mono<Void> recordUpdated(Envelope<LkoHandoff> message, HandoffOutcome.Updated updated) {
        UUID id = message.data().mokuOrganisationId();
        log.info("ЛКО {} the update of organisation {} (ЛКО holds revision {})",
                updated.applied() ? "applied" : "already had", id, updated.revision());
        return repository.markCreated(id, updated.lkoOrganisationId());
    }

    private Mono<Void> recordRegistered(Envelope<LkoHandoff> message, HandoffOutcome.Registered registered) {
        LkoHandoff handoff = message.data();
        OrganisationRegistered event = new OrganisationRegistered(handoff.mokuOrganisationId(), handoff.cardId(),
                registered.lkoOrganisationId());
        return repository.markCreated(handoff.mokuOrganisationId(), registered.lkoOrganisationId())
                .then(handoffs.announceRegistered(event, message))
                .then(updateIfOvertaken(message, registered));
    }

    /**
     * Two hand-offs of one organisation may call ЛКО's create at once, and ЛКО keeps the first it gets, which may
     * carry the older data (issue 13: the first hand-off and a correction's). If ПОС.ОС's revision has grown past the
     * one this create sent, the organisation is handed off once more — as an update now, guarded in ЛКО.
     */
    private Mono<Void> updateIfOvertaken(Envelope<LkoHandoff> message, HandoffOutcome.Registered registered) {
        LkoHandoff handoff = message.data();
        return repository.revision(handoff.mokuOrganisationId())
                .filter(current -> current > registered.sentRevision())
                .flatMap(current -> handoffs.enqueue(handoff.mokuOrganisationId(), handoff.cardId(), message));
    }

    private Mono<Void> recordRejected(Envelope<LkoHandoff> message, HandoffOutcome.Rejected rejected) {
        UUID id = message.data().mokuOrganisationId();
        String reason = "ЛКО answered " + rejected.status() + " to " + rejected.calls() + " call(s)";
        log.warn("Organisation {} goes to manual review: {}", id, reason);
        return incidents.register(new Incident.Draft(LKO_REJECTED, id.toString(), reason, rejected.problem(),
                        rejected.calls()))
                .flatMap(incidentId -> repository.openManualReview(id, incidentId, reason, rejected.problem()))
                .then(repository.markStatus(id, OrganisationStatus.MANUAL_REVIEW));
    }

    private Mono<Void> recordUnavailable(Envelope<LkoHandoff> message, HandoffOutcome.Unavailable unavailable) {
        UUID id = message.data().mokuOrganisationId();
        String reason = "ЛКО unavailable after " + unavailable.calls() + " call(s): " + unavailable.reason();
        log.warn("Hand-off of organisation {} failed: {}", id, reason);
        return incidents.register(new Incident.Draft(LKO_UNAVAILABLE, id.toString(), reason,
                        codec.encodeToString(message), unavailable.calls()))
                .then(repository.markStatus(id, OrganisationStatus.FAILED));
    }
}
