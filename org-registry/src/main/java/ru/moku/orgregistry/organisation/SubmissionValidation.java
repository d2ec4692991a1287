package ru.moku.orgregistry.organisation;

import java.util.ArrayList;
import java.util.List;
import ru.moku.model.organisation.OrganisationRules;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.OktmoOutcome;

/**
 * What ПОС.ОС requires of a submission before it stores it (seed 000 steps 8–10): the ids, a name, the
 * organisation's 10-digit ИНН and 13-digit ОГРН by their check digits; a founder consistent with its kind
 * (LEGAL_ENTITY: name, 10-digit ИНН, ОГРН; PERSON: last and first name, 12-digit ИНН, optional ОГРНИП); each ОКТМО
 * well-formed and consistent with its status ({@code FOUND} exactly when there is one). Every problem is reported.
 */
final class SubmissionValidation {

    private SubmissionValidation() {
    }

    /** Every invalid field of {@code submission}; empty if it is valid. */
    static List<Problem> problems(OrganisationSubmission submission) {
        List<Problem> errors = new ArrayList<>();
        if (submission.mokuOrganisationId() == null) {
            errors.add(new Problem("mokuOrganisationId", "must not be null"));
        }
        if (submission.cardId() == null) {
            errors.add(new Problem("cardId", "must not be null"));
        }
        errors.addAll(OrganisationRules.organisation(submission.name(), submission.inn(), submission.ogrn(),
                submission.oktmo()));
        oktmoStatusProblems(errors, "", submission.oktmo(), submission.oktmoStatus(), true);
        founderProblems(errors, submission.founder());
        return List.copyOf(errors);
    }

    private static void founderProblems(List<Problem> errors, OrganisationSubmission.Founder founder) {
        if (founder == null) {
            errors.add(new Problem("founder", "must not be null"));
            return;
        }
        errors.addAll(OrganisationRules.founder(founder.kind(), founder.name(), founder.lastName(),
                founder.firstName(), founder.inn(), founder.ogrn(), founder.oktmo()));
        // A founder's ОКТМО status is optional: enrichment may not have looked it up.
        oktmoStatusProblems(errors, "founder.", founder.oktmo(), founder.oktmoStatus(), false);
    }

    /** The ОКТМО's status given where required, and FOUND exactly when there is an ОКТМО. */
    private static void oktmoStatusProblems(List<Problem> errors, String prefix, String oktmo, OktmoOutcome status,
                                            boolean statusRequired) {
        if (status == null) {
            if (statusRequired) {
                errors.add(new Problem(prefix + "oktmoStatus", "must be one of FOUND, NOT_FOUND, FAILED"));
            }
            return;
        }
        if ((status == OktmoOutcome.FOUND) != (oktmo != null)) {
            errors.add(new Problem(prefix + "oktmoStatus", status == OktmoOutcome.FOUND
                    ? "is FOUND but there is no ОКТМО" : "is " + status + " but an ОКТМО is given"));
        }
    }

}
