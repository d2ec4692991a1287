package ru.moku.survey.questionnaire;

/** What kind of answer a question takes; stored by name in {@code survey_question.type}. */
public enum QuestionType {
    /** Exactly one of the question's choices. */
    SINGLE_CHOICE,
    /** Any number of the question's choices, each at most once. */
    MULTIPLE_CHOICE,
    /** One free text, at most {@code moku.survey.answers.max-text-length} characters. */
    TEXT,
    /** One whole number from {@value #MIN_RATING} to {@value #MAX_RATING}. */
    RATING;

    /** The lowest rating. */
    public static final int MIN_RATING = 1;
    /** The highest rating. */
    public static final int MAX_RATING = 5;
}
