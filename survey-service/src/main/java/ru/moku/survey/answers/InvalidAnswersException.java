package ru.moku.survey.answers;

import java.util.List;

/** The answers do not fit the questionnaire: answered with 422 and every problem. */
public class InvalidAnswersException extends RuntimeException {

    private final transient List<AnswerError> errors;

    InvalidAnswersException(List<AnswerError> errors) {
        super(errors.size() + " invalid answer(s)", null, false, false);
        this.errors = List.copyOf(errors);
    }

    /** Every problem, as the {@code errors} of the 422 problem document list them. */
    public List<AnswerError> errors() {
        return errors;
    }
}
