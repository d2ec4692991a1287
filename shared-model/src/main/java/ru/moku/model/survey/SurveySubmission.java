package ru.moku.model.survey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * survey-service → itself: answers accepted from ЛКП (answered 202 at once), to be stored asynchronously (seed 000
 * steps 19–20). Idempotent by {@code submissionId}.
 *
 * @param submissionId       the id the 202 answered
 * @param cardId             the card, from the token
 * @param mokuOrganisationId МОКУ's id of the organisation, from the token
 * @param lkoOrganisationId  ЛКО's id of the organisation, from the token
 * @param surveyId           the questionnaire
 * @param answers            one per answered question
 * @param submittedAt        when ЛКП posted them
 */
public record SurveySubmission(UUID submissionId, UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId,
                               String surveyId, List<Answer> answers, Instant submittedAt) {

    public SurveySubmission {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /**
     * The answer to one question.
     *
     * @param questionId the question
     * @param values     the value (one) or the chosen options (several)
     */
    public record Answer(String questionId, List<String> values) {

        public Answer {
            values = values == null ? List.of() : List.copyOf(values);
        }
    }
}
