package ru.moku.survey.survey;

import java.util.List;

/** The answers do not fit the questionnaire: answered with 422 and every problem. */
class InvalidAnswersException extends RuntimeException {

    private final transient List<AnswerError> errors;

    InvalidAnswersException(List<AnswerError> errors) {
        super(errors.size() + " invalid answer(s)", null, false, false);
        this.errors = List.copyOf(errors);
    }

    List<AnswerError> errors() {
        return errors;
    }
}
