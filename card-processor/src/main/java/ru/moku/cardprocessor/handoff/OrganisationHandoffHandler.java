package ru.moku.cardprocessor.handoff;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.intake.CardStage;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * Variant 2 of seed 000 steps 8–10: {@link #prepare} puts the organisation on org-registry outside any transaction
 * (422 → up to 3 attempts; 5xx and timeouts → backoff behind a circuit breaker) and turns the answer into an
 * {@link Outcome}; {@link #handle} records it in the inbox transaction: accepted → the card is REGISTERED (in ПОС.ОС);
 * refused or unavailable for good → an incident (retriable through the incident API), the card stays ENRICHED.
 */
public class OrganisationHandoffHandler
        implements PreparedMessageHandler<OrganisationSubmission, OrganisationHandoffHandler.Outcome> {

    static final IncidentKind REJECTED = IncidentKind.ORG_REGISTRY_REJECTED;
    static final IncidentKind UNAVAILABLE = IncidentKind.ORG_REGISTRY_UNAVAILABLE;
    private static final Logger log = LoggerFactory.getLogger(OrganisationHandoffHandler.class);

    private final OrgRegistryClient client;
    private final PartnerCalls calls;
    private final CardStages stages;
    private final Incidents incidents;
    private final EnvelopeCodec codec;

    public OrganisationHandoffHandler(OrgRegistryClient client, PartnerCalls calls, CardStages stages,
                                      Incidents incidents, EnvelopeCodec codec) {
        this.client = client;
        this.calls = calls;
        this.stages = stages;
        this.incidents = incidents;
        this.codec = codec;
    }

    /** org-registry's answer after every retry, as a value. */
    public sealed interface Outcome permits Accepted, Rejected, Unavailable {
    }

    public record Accepted(int calls) implements Outcome {
    }

    public record Rejected(int status, String problem, int calls) implements Outcome {
    }

    public record Unavailable(String reason, int calls) implements Outcome {
    }

    @Override
    public Mono<Outcome> prepare(Envelope<OrganisationSubmission> message) {
        AtomicInteger made = new AtomicInteger();
        Mono<Void> attempt = Mono.defer(() -> {
            made.incrementAndGet();
            return client.put(message.data());
        });
        return calls.protect(attempt)
                .then(Mono.fromSupplier(() -> (Outcome) new Accepted(made.get())))
                .onErrorResume(PartnerFailure.Rejected.class,
                        rejected -> Mono.just(new Rejected(rejected.status(), rejected.problem(), made.get())))
                .onErrorResume(PartnerFailure.Unavailable.class,
                        unavailable -> Mono.just(new Unavailable(unavailable.getMessage(), made.get())));
    }

    @Override
    public Mono<Void> handle(Envelope<OrganisationSubmission> message, Outcome outcome) {
        OrganisationSubmission submission = message.data();
        if (outcome instanceof Rejected rejected) {
            return incident(REJECTED, submission, "ПОС.ОС answered " + rejected.status() + " to " + rejected.calls()
                    + " call(s)", rejected.problem(), rejected.calls());
        }
        if (outcome instanceof Unavailable unavailable) {
            return incident(UNAVAILABLE, submission, "ПОС.ОС unavailable after " + unavailable.calls()
                    + " call(s): " + unavailable.reason(), codec.encodeToString(message), unavailable.calls());
        }
        return stages.advance(submission.cardId(), CardStage.REGISTERED,
                "accepted by ПОС.ОС as " + submission.mokuOrganisationId(), message).then();
    }

    private Mono<Void> incident(IncidentKind kind, OrganisationSubmission submission, String reason, String payload,
                                int attempts) {
        log.warn("Card {}: organisation {} not registered in ПОС.ОС: {}", submission.cardId(),
                submission.mokuOrganisationId(), reason);
        return incidents.register(new Incident.Draft(kind, submission.cardId().toString(), reason, payload, attempts))
                .then();
    }
}
