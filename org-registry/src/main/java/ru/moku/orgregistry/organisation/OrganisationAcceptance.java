package ru.moku.orgregistry.organisation;

import java.util.List;
import java.util.UUID;
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
     * transaction (the inbox's, for a message) or opens one. A new or changed submission is one statement (plus the
     * hand-off); a repeated one reads where the organisation stands.
     *
     * @param cause the message it came with (its chain continues), or {@code null} for a REST call
     * @return where the organisation stands afterwards
     */
    Mono<OrganisationRepository.Standing> accept(OrganisationSubmission submission, Envelope<?> cause) {
        List<Problem> errors = SubmissionValidation.problems(submission);
        if (!errors.isEmpty()) {
            return Mono.error(new InvalidSubmissionException(errors));
        }
        UUID id = submission.mokuOrganisationId();
        Mono<OrganisationRepository.Standing> accepted = organisations.upsert(submission)
                .flatMap(written -> handOffIfAccepted(submission, written, cause).thenReturn(written))
                .switchIfEmpty(Mono.defer(() -> organisations.standing(id)))
                .flatMap(standing -> confirmIfInLko(standing, submission, cause).thenReturn(standing));
        return tx.transactional(accepted);
    }

    /**
     * An organisation ЛКО has already (another card of it, or this card's earlier submission) is confirmed for this
     * card at once with the ЛКО id it has: no hand-off would announce it, and the card waits for the announcement.
     */
    private Mono<Void> confirmIfInLko(OrganisationRepository.Standing stored, OrganisationSubmission submission,
                                      Envelope<?> cause) {
        return stored.status() == OrganisationStatus.CREATED_IN_LKO
                ? handoffs.announceRegistered(new OrganisationRegistered(submission.mokuOrganisationId(),
                        submission.cardId(), stored.lkoOrganisationId()), cause)
                : Mono.empty();
    }

    /**
     * A new or changed organisation is handed to ЛКО: created there, or — once ЛКО has it — sent as an update when
     * what ЛКО shows changed (issue 13; another card of the same organisation changes nothing there).
     */
    private Mono<Void> handOffIfAccepted(OrganisationSubmission submission, OrganisationRepository.Standing written,
                                        Envelope<?> cause) {
        boolean toLko = written.status() == OrganisationStatus.ACCEPTED
                || (written.status() == OrganisationStatus.CREATED_IN_LKO && written.lkoChanged());
        return toLko ? handoffs.enqueue(submission.mokuOrganisationId(), submission.cardId(), cause) : Mono.empty();
    }
}
