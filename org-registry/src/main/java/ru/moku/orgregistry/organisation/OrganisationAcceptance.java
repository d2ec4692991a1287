package ru.moku.orgregistry.organisation;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.lko.HandoffQueue;

/**
 * The acceptance both ways in share (seed 000 steps 8–11): validate, store or update, and — in the same
 * transaction — queue the hand-off to ЛКО. Idempotent by {@code mokuOrganisationId}: a submission equal to the
 * stored one writes and queues nothing.
 */
@Component
class OrganisationAcceptance {

    private final OrganisationRepository organisations;
    private final HandoffQueue handoffs;
    private final TransactionalOperator tx;

    OrganisationAcceptance(OrganisationRepository organisations, HandoffQueue handoffs, TransactionalOperator tx) {
        this.organisations = organisations;
        this.handoffs = handoffs;
        this.tx = tx;
    }

    /**
     * Accepts {@code submission}; fails with {@link InvalidSubmissionException} if it is invalid. Joins the caller's
     * transaction (the inbox's, for a message) or opens one.
     *
     * @param cause the message it came with (its chain continues), or {@code null} for a REST call
     * @return the organisation as stored afterwards
     */
    Mono<OrganisationView> accept(OrganisationSubmission submission, Envelope<?> cause) {
        List<Problem> errors = SubmissionValidation.problems(submission);
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidSubmissionException(errors));
        }
        Mono<OrganisationView> accepted = organisations.upsert(submission)
                .flatMap(status -> organisations.upsertFounder(submission.mokuOrganisationId(), submission.founder())
                        .then(handOffIfAccepted(submission, status, cause)))
                .then(Mono.defer(() -> organisations.find(submission.mokuOrganisationId())))
                .flatMap(stored -> confirmIfInLko(stored, submission, cause).thenReturn(stored));
        return tx.transactional(accepted);
    }

    /**
     * An organisation ЛКО has already (another card of it, or this card's earlier submission) is confirmed for this
     * card at once with the ЛКО id it has: no hand-off would announce it, and the card waits for the announcement.
     */
    private Mono<Void> confirmIfInLko(OrganisationView stored, OrganisationSubmission submission, Envelope<?> cause) {
        return stored.status() == OrganisationStatus.CREATED_IN_LKO
                ? handoffs.announceRegistered(new OrganisationRegistered(stored.mokuOrganisationId(),
                        submission.cardId(), stored.lkoOrganisationId()), cause)
                : Mono.empty();
    }

    /** An organisation already created in ЛКО is not handed off again: ЛКО has no update yet. */
    private Mono<Void> handOffIfAccepted(OrganisationSubmission submission, OrganisationStatus status,
                                        Envelope<?> cause) {
        return status == OrganisationStatus.ACCEPTED
                ? handoffs.enqueue(submission.mokuOrganisationId(), submission.cardId(), cause)
                : Mono.empty();
    }
}
