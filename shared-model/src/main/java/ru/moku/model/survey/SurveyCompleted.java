package ru.moku.model.survey;

import java.time.Instant;
import java.util.UUID;

/**
 * survey-service → card-processor: the survey's answers are stored in ЛКО (seed 000 steps 21–22); card-processor
 * records the fact against the card.
 *
 * @param cardId            the card
 * @param submissionId      the submission stored
 * @param surveyId          the questionnaire
 * @param lkoOrganisationId ЛКО's id of the organisation
 * @param answers           how many answers were stored
 * @param completedAt       when they were stored
 */
public record SurveyCompleted(UUID cardId, UUID submissionId, String surveyId, UUID lkoOrganisationId, int answers,
                              Instant completedAt) {
}
