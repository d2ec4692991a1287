package ru.moku.survey.questionnaire;

/** A genuine token names a survey that ЛКО does not have (404). */
public class UnknownSurveyException extends RuntimeException {

    UnknownSurveyException(String surveyId) {
        super("there is no survey '" + surveyId + "'", null, false, false);
    }
}
