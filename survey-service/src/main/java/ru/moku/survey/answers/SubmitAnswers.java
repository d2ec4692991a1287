package ru.moku.survey.answers;

import java.util.List;

/**
 * Body of {@code POST /api/v1/surveys/{token}/answers}.
 *
 * @param answers one per answered question; unanswered optional questions may be left out
 */
public record SubmitAnswers(List<Answer> answers) {

    public SubmitAnswers {
        // Not List.copyOf: a null element is the caller's mistake, reported as such by the validation.
        answers = answers == null ? List.of() : answers;
    }

    /**
     * The answer to one question.
     *
     * @param questionId the question
     * @param values     one value (a rating {@code "1"}…{@code "5"}, a choice id or a text) or several choice ids
     */
    public record Answer(String questionId, List<String> values) {
    }
}
