package ru.moku.orgregistry.organisation;

import java.util.List;
import java.util.stream.Collectors;
import ru.moku.model.organisation.OrganisationRules.Problem;

/** The submission breaks the rules of {@link SubmissionValidation}: the caller's fault, not retried. */
public class InvalidSubmissionException extends RuntimeException {

    private final transient List<Problem> errors;

    InvalidSubmissionException(List<Problem> errors) {
        super(errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")),
                null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** Every invalid field, as the {@code errors} of the 422 problem document list them. */
    public List<Problem> errors() {
        return errors;
    }
}
