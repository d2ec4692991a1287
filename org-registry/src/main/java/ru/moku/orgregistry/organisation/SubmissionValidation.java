package ru.moku.orgregistry.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.model.organisation.OrganisationSubmission;

/**
 * What ПОС.ОС requires of a submission before it stores it (seed 000 steps 8–10): the ids, a name, the
 * organisation's 10-digit ИНН and 13-digit ОГРН by their check digits; a founder consistent with its kind
 * (LEGAL_ENTITY: name, 10-digit ИНН, ОГРН; PERSON: last and first name, 12-digit ИНН, optional ОГРНИП); each ОКТМО
 * well-formed and consistent with its status ({@code FOUND} exactly when there is one). Every problem is reported.
 */
final class SubmissionValidation {

    private static final Set<String> OKTMO_STATUSES = Set.of("FOUND", "NOT_FOUND", "FAILED");

    private SubmissionValidation() {
    }

    /** Every invalid field of {@code submission}; empty if it is valid. */
    static List<FieldError> problems(OrganisationSubmission submission) {
        List<FieldError> errors = new ArrayList<>();
        if (submission.mokuOrganisationId() == null) {
            errors.add(new FieldError("mokuOrganisationId", "must not be null"));
        }
        if (submission.cardId() == null) {
            errors.add(new FieldError("cardId", "must not be null"));
        }
        if (isBlank(submission.name())) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        check(errors, "inn", innProblem(submission.inn(), 10));
        check(errors, "ogrn", ogrnProblem(submission.ogrn(), 13));
        oktmoProblems(errors, "", submission.oktmo(), submission.oktmoStatus(), true);
        founderProblems(errors, submission.founder());
        return List.copyOf(errors);
    }

    private static void founderProblems(List<FieldError> errors, OrganisationSubmission.Founder founder) {
        if (founder == null) {
            errors.add(new FieldError("founder", "must not be null"));
            return;
        }
        switch (String.valueOf(founder.kind())) {
            case "LEGAL_ENTITY" -> {
                if (isBlank(founder.name())) {
                    errors.add(new FieldError("founder.name", "a legal entity founder needs a name"));
                }
                check(errors, "founder.inn", innProblem(founder.inn(), 10));
                check(errors, "founder.ogrn", ogrnProblem(founder.ogrn(), 13));
            }
            case "PERSON" -> {
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
            }
            default -> errors.add(new FieldError("founder.kind", "must be LEGAL_ENTITY or PERSON"));
        }
        // A founder's ОКТМО status is optional: enrichment may not have looked it up.
        oktmoProblems(errors, "founder.", founder.oktmo(), founder.oktmoStatus(), false);
    }

    /** ОКТМО well-formed when present; its status one of the three and FOUND exactly when there is an ОКТМО. */
    private static void oktmoProblems(List<FieldError> errors, String prefix, String oktmo, String status,
                                      boolean statusRequired) {
        if (oktmo != null) {
            check(errors, prefix + "oktmo", Oktmo.problem(oktmo));
        }
        if (status == null) {
            if (statusRequired) {
                errors.add(new FieldError(prefix + "oktmoStatus", "must be one of FOUND, NOT_FOUND, FAILED"));
            }
            return;
        }
        if (!OKTMO_STATUSES.contains(status)) {
            errors.add(new FieldError(prefix + "oktmoStatus", "must be one of FOUND, NOT_FOUND, FAILED"));
        } else if ("FOUND".equals(status) != (oktmo != null)) {
            errors.add(new FieldError(prefix + "oktmoStatus", "FOUND".equals(status)
                    ? "is FOUND but there is no ОКТМО" : "is " + status + " but an ОКТМО is given"));
        }
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

    private static void check(List<FieldError> errors, String field, Optional<String> problem) {
        problem.ifPresent(message -> errors.add(new FieldError(field, message)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
