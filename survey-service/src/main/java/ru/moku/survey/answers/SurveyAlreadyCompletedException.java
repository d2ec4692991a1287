package ru.moku.survey.answers;

import java.util.UUID;

/** The card's survey was submitted already: one completed survey per card (409). */
public class SurveyAlreadyCompletedException extends RuntimeException {

    SurveyAlreadyCompletedException(UUID cardId) {
        super("the survey of card " + cardId + " is completed already", null, false, false);
    }
}
