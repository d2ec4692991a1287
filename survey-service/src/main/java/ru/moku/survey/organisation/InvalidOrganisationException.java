package ru.moku.survey.organisation;

import java.util.List;
import ru.moku.model.organisation.OrganisationRules.Problem;

/** ЛКО does not take the organisation: answered with 422 and every invalid field. */
public class InvalidOrganisationException extends RuntimeException {

    private final transient List<Problem> errors;
    private final boolean refusedByRule;

    InvalidOrganisationException(List<Problem> errors, boolean refusedByRule) {
        super(errors.toString(), null, false, false);
        this.errors = List.copyOf(errors);
        this.refusedByRule = refusedByRule;
    }

    /** Every invalid field, as the {@code errors} of the 422 problem document list them. */
    public List<Problem> errors() {
        return errors;
    }

    /** Refused by the fault injector rather than for invalid data. */
    boolean refusedByRule() {
        return refusedByRule;
    }
}
