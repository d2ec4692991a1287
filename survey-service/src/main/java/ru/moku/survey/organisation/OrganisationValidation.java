package ru.moku.survey.organisation;

import java.util.ArrayList;
import java.util.List;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.OrganisationRules;
import ru.moku.model.organisation.OrganisationRules.Problem;

/**
 * What ЛКО requires of an organisation before it stores it: its identifiers valid by their check digits, a name,
 * a founder whose identifiers fit its kind, and a well-formed ОКТМО when there is one. Every problem is reported,
 * not just the first, so that the caller can fix them in one go.
 */
final class OrganisationValidation {

    private OrganisationValidation() {
    }

    /** Every invalid field of {@code request}; empty if it is valid. */
    static List<Problem> problems(LkoOrganisationRequest request) {
        List<Problem> errors = new ArrayList<>();
        if (request.mokuOrganisationId() == null) {
            errors.add(new Problem("mokuOrganisationId", "must not be null"));
        }
        errors.addAll(OrganisationRules.organisation(request.name(), request.inn(), request.ogrn(), request.oktmo()));
        founderProblems(errors, request.founder());
        return List.copyOf(errors);
    }

    private static void founderProblems(List<Problem> errors, LkoOrganisationRequest.Founder founder) {
        if (founder == null) {
            errors.add(new Problem("founder", "must not be null"));
            return;
        }
        errors.addAll(OrganisationRules.founder(founder.kind(), founder.name(), founder.lastName(),
                founder.firstName(), founder.inn(), founder.ogrn(), founder.oktmo()));
    }
}
