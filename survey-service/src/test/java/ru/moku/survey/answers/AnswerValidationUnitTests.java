package ru.moku.survey.answers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.survey.questionnaire.QuestionType;
import ru.moku.survey.questionnaire.Questionnaire;

class AnswerValidationUnitTests {

    private static final int MAX_TEXT = 10;

    private static final Questionnaire SURVEY = new Questionnaire("default", "Оценка", List.of(
            new Questionnaire.Question("q1", "Оценка", QuestionType.RATING, true, List.of()),
            new Questionnaire.Question("q2", "В срок?", QuestionType.SINGLE_CHOICE, true, List.of(
                    new Questionnaire.Choice("yes", "Да"), new Questionnaire.Choice("no", "Нет"))),
            new Questionnaire.Question("q3", "Сложности", QuestionType.MULTIPLE_CHOICE, false, List.of(
                    new Questionnaire.Choice("queue", "Очередь"), new Questionnaire.Choice("portal", "Портал"))),
            new Questionnaire.Question("q4", "Замечания", QuestionType.TEXT, false, List.of())));

    @Test
    void acceptsAValidSubmissionAndKeepsTheAnswersInQuestionnaireOrder() {
        AnswerValidation.Checked checked = check(answer("q4", "Спасибо"), answer("q2", "yes"), answer("q1", "5"),
                answer("q3", "portal", "queue"));

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.answers()).containsExactly(
                new SurveySubmission.Answer("q1", List.of("5")),
                new SurveySubmission.Answer("q2", List.of("yes")),
                new SurveySubmission.Answer("q3", List.of("portal", "queue")),
                new SurveySubmission.Answer("q4", List.of("Спасибо")));
    }

    @Test
    void leavesOutUnansweredOptionalQuestionsAndBlankText() {
        AnswerValidation.Checked checked = check(answer("q1", "1"), answer("q2", "no"), answer("q3"),
                answer("q4", "   "));

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.answers()).extracting(SurveySubmission.Answer::questionId).containsExactly("q1", "q2");
    }

    @Test
    void reportsEveryMissingRequiredAnswer() {
        assertThat(check().errors()).containsExactly(
                new AnswerError("q1", "an answer is required"),
                new AnswerError("q2", "an answer is required"));
    }

    @Test
    void reportsARatingOutsideOneToFive() {
        assertThat(messagesFor("q1", "0")).singleElement().asString().contains("from 1 to 5", "'0'");
        assertThat(messagesFor("q1", "6")).singleElement().asString().contains("from 1 to 5");
        assertThat(messagesFor("q1", "good")).singleElement().asString().contains("'good'");
        assertThat(messagesFor("q1", "4", "5")).singleElement().asString().contains("exactly one value, got 2");
    }

    @Test
    void reportsAChoiceTheQuestionDoesNotOffer() {
        assertThat(messagesFor("q2", "maybe")).singleElement().asString()
                .contains("not a choice of this question: maybe", "yes, no");
        assertThat(messagesFor("q3", "queue", "weather")).singleElement().asString().contains("weather");
    }

    @Test
    void reportsSeveralValuesForASingleChoiceAndRepeatedChoices() {
        assertThat(messagesFor("q2", "yes", "no")).singleElement().asString().contains("exactly one value");
        assertThat(messagesFor("q3", "queue", "queue")).singleElement().asString()
                .contains("chosen more than once: queue");
    }

    @Test
    void reportsATextLongerThanTheLimitOrInSeveralParts() {
        assertThat(messagesFor("q4", "12345678901")).singleElement().asString()
                .contains("at most 10 characters, got 11");
        assertThat(messagesFor("q4", "ёёёёёёёёёё")).isEmpty();
        assertThat(messagesFor("q4", "a", "b")).singleElement().asString().contains("exactly one value");
    }

    @Test
    void reportsUnknownRepeatedAndNamelessAnswers() {
        AnswerValidation.Checked checked = check(answer("q1", "5"), answer("q2", "yes"), answer("q9", "x"),
                answer("q1", "4"), answer(null, "x"), null);

        assertThat(checked.errors()).containsExactly(
                new AnswerError("q9", "survey default has no such question"),
                new AnswerError("q1", "answered more than once"),
                new AnswerError(null, "an answer must name its questionId"),
                new AnswerError(null, "an answer must name its questionId"));
    }

    @Test
    void reportsEachProblemOfOneSubmission() {
        AnswerValidation.Checked checked = check(answer("q1", "7"), answer("q3", "nope"),
                answer("q4", "x".repeat(MAX_TEXT + 1)), answer("q5", "?"));

        assertThat(checked.errors()).extracting(AnswerError::questionId).containsExactly("q5", "q1", "q2", "q3",
                "q4");
    }

    @Test
    void reportsANullValue() {
        assertThat(check(answer("q1", "5"), answer("q2", "yes"), new SubmitAnswers.Answer("q3",
                Arrays.asList("queue", null))).errors())
                .containsExactly(new AnswerError("q3", "values must not contain null"));
    }

    private static List<String> messagesFor(String questionId, String... values) {
        List<SubmitAnswers.Answer> answers = new java.util.ArrayList<>(List.of(answer("q1", "5"), answer("q2", "yes")));
        answers.removeIf(answer -> answer.questionId().equals(questionId));
        answers.add(answer(questionId, values));
        return AnswerValidation.check(SURVEY, new SubmitAnswers(answers), MAX_TEXT).errors().stream()
                .map(AnswerError::message).toList();
    }

    private static AnswerValidation.Checked check(SubmitAnswers.Answer... answers) {
        return AnswerValidation.check(SURVEY, new SubmitAnswers(Arrays.asList(answers)), MAX_TEXT);
    }

    private static SubmitAnswers.Answer answer(String questionId, String... values) {
        return new SubmitAnswers.Answer(questionId, List.of(values));
    }
}
