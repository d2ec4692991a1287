package ru.moku.survey.organisation;

import java.util.ArrayList;
import java.util.List;
import ru.moku.model.organisation.OrganisationRules;

/**
 * What ЛКО requires of an organisation before it stores it: its identifiers valid by their check digits, a name,
 * a founder whose identifiers fit its kind, and a well-formed ОКТМО when there is one. Every problem is reported,
 * not just the first, so that the caller can fix them in one go.
 */
final class OrganisationValidation {


    private OrganisationValidation() {
    }

    /** Every invalid field of {@code request}; empty if it is valid. */
    static List<FieldError> problems(CreateOrganisation request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.mokuOrganisationId() == null) {
            errors.add(new FieldError("mokuOrganisationId", "must not be null"));
        }
        add(errors, OrganisationRules.organisation(request.name(), request.inn(), request.ogrn(), request.oktmo()));
        founderProblems(errors, request.founder());
        return List.copyOf(errors);
    }

    private static void founderProblems(List<FieldError> errors, CreateOrganisation.Founder founder) {
        if (founder == null) {
            errors.add(new FieldError("founder", "must not be null"));
            return;
        }
        add(errors, OrganisationRules.founder(founder.kind(), founder.name(), founder.lastName(),
                founder.firstName(), founder.inn(), founder.ogrn(), founder.oktmo()));
    }

    private static void add(List<FieldError> errors, List<OrganisationRules.Problem> problems) {
        problems.forEach(problem -> errors.add(new FieldError(problem.field(), problem.message())));
    }
}
