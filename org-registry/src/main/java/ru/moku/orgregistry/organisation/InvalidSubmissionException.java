package ru.moku.orgregistry.organisation;

import java.util.List;
import java.util.stream.Collectors;

/** The submission breaks the rules of {@link SubmissionValidation}: the caller's fault, not retried. */
class InvalidSubmissionException extends RuntimeException {

    private final transient List<FieldError> errors;

    InvalidSubmissionException(List<FieldError> errors) {
        super(errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; ")),
                null, false, false);
        this.errors = List.copyOf(errors);
    }

    List<FieldError> errors() {
        return errors;
    }
}
