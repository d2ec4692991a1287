package ru.moku.survey.questionnaire;

import java.util.List;
import java.util.Optional;

/**
 * A survey as ЛКП shows it: the answer of {@code GET /api/v1/surveys/{token}} (seed 000 steps 16–18).
 *
 * @param surveyId  the survey's id, e.g. {@code default}
 * @param title     its title
 * @param questions its questions in the order they are asked
 */
public record Questionnaire(String surveyId, String title, List<Question> questions) {

    public Questionnaire {
        questions = List.copyOf(questions);
    }

    /** The question {@code id}, if the survey has it. */
    public Optional<Question> question(String id) {
        return questions.stream().filter(question -> question.id().equals(id)).findFirst();
    }

    /**
     * One question.
     *
     * @param id       its id within the survey, e.g. {@code q1}
     * @param text     what is asked
     * @param type     the kind of answer it takes
     * @param required whether a submission must answer it
     * @param choices  the options of a choice question, in order; empty for the others
     */
    public record Question(String id, String text, QuestionType type, boolean required, List<Choice> choices) {

        public Question {
            choices = List.copyOf(choices);
        }

        /** Whether {@code choiceId} is one of this question's choices. */
        public boolean offers(String choiceId) {
            return choices.stream().anyMatch(choice -> choice.id().equals(choiceId));
        }
    }

    /**
     * An option of a choice question.
     *
     * @param id   what an answer sends
     * @param text what ЛКП shows
     */
    public record Choice(String id, String text) {
    }
}
