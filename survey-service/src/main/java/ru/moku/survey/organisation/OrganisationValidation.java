package ru.moku.survey.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;

/**
 * What ЛКО requires of an organisation before it stores it: its identifiers valid by their check digits, a name,
 * a founder whose identifiers fit its kind, and a well-formed ОКТМО when there is one. Every problem is reported,
 * not just the first, so that the caller can fix them in one go.
 */
final class OrganisationValidation {

    private static final String LEGAL_ENTITY = "LEGAL_ENTITY";
    private static final String PERSON = "PERSON";

    private OrganisationValidation() {
    }

    /** Every invalid field of {@code request}; empty if it is valid. */
    static List<FieldError> problems(CreateOrganisation request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.mokuOrganisationId() == null) {
            errors.add(new FieldError("mokuOrganisationId", "must not be null"));
        }
        if (isBlank(request.name())) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        check(errors, "inn", innProblem(request.inn(), 10));
        check(errors, "ogrn", ogrnProblem(request.ogrn(), 13));
        check(errors, "oktmo", optionalOktmoProblem(request.oktmo()));
        founderProblems(errors, request.founder());
        return List.copyOf(errors);
    }

    private static void founderProblems(List<FieldError> errors, CreateOrganisation.Founder founder) {
        if (founder == null) {
            errors.add(new FieldError("founder", "must not be null"));
            return;
        }
        if (LEGAL_ENTITY.equals(founder.kind())) {
            if (isBlank(founder.name())) {
                errors.add(new FieldError("founder.name", "a legal entity founder needs a name"));
            }
            check(errors, "founder.inn", innProblem(founder.inn(), 10));
            check(errors, "founder.ogrn", ogrnProblem(founder.ogrn(), 13));
        } else if (PERSON.equals(founder.kind())) {
            if (isBlank(founder.lastName())) {
                errors.add(new FieldError("founder.lastName", "a person founder needs a last name"));
            }
            if (isBlank(founder.firstName())) {
                errors.add(new FieldError("founder.firstName", "a person founder needs a first name"));
            }
            check(errors, "founder.inn", innProblem(founder.inn(), 12));
            if (!isBlank(founder.ogrn())) {
                check(errors, "founder.ogrn", ogrnProblem(founder.ogrn(), 15));
            }
        } else {
            errors.add(new FieldError("founder.kind", "must be LEGAL_ENTITY or PERSON"));
        }
        check(errors, "founder.oktmo", optionalOktmoProblem(founder.oktmo()));
    }

    private static Optional<String> innProblem(String value, int length) {
        return Inn.problem(value).or(() -> value.length() == length ? Optional.empty()
                : Optional.of("must have " + length + " digits here, got " + value.length()));
    }

    /** ОГРН of 13 digits, or ОГРНИП of 15. */
    private static Optional<String> ogrnProblem(String value, int length) {
        return Ogrn.problem(value).or(() -> value.length() == length ? Optional.empty()
                : Optional.of("must have " + length + " digits here, got " + value.length()));
    }

    private static Optional<String> optionalOktmoProblem(String value) {
        return value == null ? Optional.empty() : Oktmo.problem(value);
    }

    private static void check(List<FieldError> errors, String field, Optional<String> problem) {
        problem.ifPresent(message -> errors.add(new FieldError(field, message)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
