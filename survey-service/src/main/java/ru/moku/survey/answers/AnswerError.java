package ru.moku.survey.answers;

/**
 * One problem of a submission, as listed in the {@code errors} of a 422 problem document.
 *
 * @param questionId the question concerned, or {@code null} when the answer names none
 * @param message    what is wrong
 */
public record AnswerError(String questionId, String message) {
}
