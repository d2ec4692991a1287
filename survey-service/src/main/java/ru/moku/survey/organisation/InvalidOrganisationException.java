package ru.moku.survey.organisation;

import java.util.List;
import ru.moku.model.organisation.OrganisationRules.Problem;

/** ЛКО does not take the organisation: answered with 422 and every invalid field. */
public class InvalidOrganisationException extends RuntimeException {

    private final transient List<Problem> errors;

    InvalidOrganisationException(List<Problem> errors) {
        super(errors.toString(), null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** Every invalid field, as the {@code errors} of the 422 problem document list them. */
    public List<Problem> errors() {
        return errors;
    }
}
