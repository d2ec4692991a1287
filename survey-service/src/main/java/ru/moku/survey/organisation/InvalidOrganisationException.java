package ru.moku.survey.organisation;

import java.util.List;

/** ЛКО does not take the organisation: answered with 422 and every invalid field. */
class InvalidOrganisationException extends RuntimeException {

    private final transient List<FieldError> errors;
    private final boolean refusedByRule;

    InvalidOrganisationException(List<FieldError> errors, boolean refusedByRule) {
        super(errors.toString(), null, false, false);
        this.errors = List.copyOf(errors);
        this.refusedByRule = refusedByRule;
    }

    List<FieldError> errors() {
        return errors;
    }

    /** Refused by the fault injector rather than for invalid data. */
    boolean refusedByRule() {
        return refusedByRule;
    }
}
