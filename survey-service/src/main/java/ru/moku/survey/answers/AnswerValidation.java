package ru.moku.survey.answers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.survey.questionnaire.QuestionType;
import ru.moku.survey.questionnaire.Questionnaire;

/**
 * Checks submitted answers against the questionnaire before they are accepted (seed 000 step 19). Every problem is
 * reported, one per question, so that ЛКП can show them all at once. An answer without values (or a text answer that
 * is blank) counts as no answer: left out of the submission, and an error only for a required question.
 */
final class AnswerValidation {

    private AnswerValidation() {
    }

    /**
     * The outcome of a check.
     *
     * @param answers the answers to store, in questionnaire order (meaningful only without errors)
     * @param errors  every problem found; empty if the submission is valid
     */
    record Checked(List<SurveySubmission.Answer> answers, List<AnswerError> errors) {

        boolean valid() {
            return errors.isEmpty();
        }
    }

    static Checked check(Questionnaire questionnaire, SubmitAnswers request, int maxTextLength) {
        List<AnswerError> errors = new ArrayList<>();
        Map<String, List<String>> given = answersByQuestion(questionnaire, request, errors);
        List<SurveySubmission.Answer> answers = new ArrayList<>();
        for (Questionnaire.Question question : questionnaire.questions()) {
            List<String> values = withoutBlankText(question, given.getOrDefault(question.id(), List.of()));
            if (values.isEmpty()) {
                if (question.required()) {
                    errors.add(new AnswerError(question.id(), "an answer is required"));
                }
                continue;
            }
            Optional<String> problem = problem(question, values, maxTextLength);
            if (problem.isPresent()) {
                errors.add(new AnswerError(question.id(), problem.get()));
            } else {
                answers.add(new SurveySubmission.Answer(question.id(), values));
            }
        }
        return new Checked(List.copyOf(answers), List.copyOf(errors));
    }

    /** The values given per known question; answers that name no known question, or one twice, are errors. */
    private static Map<String, List<String>> answersByQuestion(Questionnaire questionnaire, SubmitAnswers request,
                                                               List<AnswerError> errors) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        Set<String> repeated = new HashSet<>();
        for (SubmitAnswers.Answer answer : request.answers()) {
            String questionId = answer == null ? null : answer.questionId();
            if (questionId == null || questionId.isBlank()) {
                errors.add(new AnswerError(null, "an answer must name its questionId"));
            } else if (questionnaire.question(questionId).isEmpty()) {
                errors.add(new AnswerError(questionId, "survey " + questionnaire.surveyId() + " has no such question"));
            } else if (given.containsKey(questionId)) {
                if (repeated.add(questionId)) {
                    errors.add(new AnswerError(questionId, "answered more than once"));
                }
            } else {
                given.put(questionId, answer.values() == null ? List.of() : answer.values());
            }
        }
        return given;
    }

    private static List<String> withoutBlankText(Questionnaire.Question question, List<String> values) {
        boolean blankText = question.type() == QuestionType.TEXT && values.size() == 1 && values.get(0) != null
                && values.get(0).isBlank();
        return blankText ? List.of() : values;
    }

    private static Optional<String> problem(Questionnaire.Question question, List<String> values, int maxTextLength) {
        if (values.stream().anyMatch(Objects::isNull)) {
            return Optional.of("values must not contain null");
        }
        return switch (question.type()) {
            case RATING -> one(values, "a rating").or(() -> ratingProblem(values.get(0)));
            case SINGLE_CHOICE -> one(values, "a single choice").or(() -> unknownChoices(question, values));
            case MULTIPLE_CHOICE -> repeatedChoices(values).or(() -> unknownChoices(question, values));
            case TEXT -> one(values, "a text answer").or(() -> textProblem(values.get(0), maxTextLength));
        };
    }

    private static Optional<String> one(List<String> values, String what) {
        return values.size() == 1 ? Optional.empty()
                : Optional.of(what + " takes exactly one value, got " + values.size());
    }

    private static Optional<String> ratingProblem(String value) {
        String message = "a rating is a whole number from " + QuestionType.MIN_RATING + " to "
                + QuestionType.MAX_RATING + ", got '" + value + "'";
        if (!value.matches("\\d{1,2}")) {
            return Optional.of(message);
        }
        int rating = Integer.parseInt(value);
        return rating >= QuestionType.MIN_RATING && rating <= QuestionType.MAX_RATING ? Optional.empty()
                : Optional.of(message);
    }

    private static Optional<String> unknownChoices(Questionnaire.Question question, List<String> values) {
        List<String> unknown = values.stream().filter(value -> !question.offers(value)).toList();
        if (unknown.isEmpty()) {
            return Optional.empty();
        }
        String allowed = question.choices().stream().map(Questionnaire.Choice::id).collect(Collectors.joining(", "));
        return Optional.of("not a choice of this question: " + String.join(", ", unknown) + " (choices: " + allowed
                + ")");
    }

    private static Optional<String> repeatedChoices(List<String> values) {
        Set<String> seen = new HashSet<>();
        Set<String> repeated = new LinkedHashSet<>();
        for (String value : values) {
            if (!seen.add(value)) {
                repeated.add(value);
            }
        }
        return repeated.isEmpty() ? Optional.empty()
                : Optional.of("chosen more than once: " + String.join(", ", repeated));
    }

    private static Optional<String> textProblem(String text, int maxTextLength) {
        int length = text.codePointCount(0, text.length());
        return length <= maxTextLength ? Optional.empty()
                : Optional.of("a text answer has at most " + maxTextLength + " characters, got " + length);
    }
}
