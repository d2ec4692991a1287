package ru.moku.model.survey;

import java.time.Instant;
import java.util.UUID;

/**
 * What a survey link's token says (seed 000 steps 12–18): signed by card-processor (ES256), checked by the gateway and
 * survey-service with the public key only.
 *
 * @param tokenId            the token's own id ({@code jti})
 * @param cardId             the card whose applicant is asked ({@code sub})
 * @param mokuOrganisationId МОКУ's id of the card's organisation
 * @param lkoOrganisationId  ЛКО's id of it
 * @param surveyId           the questionnaire asked
 * @param issuedAt           when the link was made
 * @param expiresAt          after this the link answers 410 Gone
 */
public record SurveyClaims(UUID tokenId, UUID cardId, UUID mokuOrganisationId, UUID lkoOrganisationId, String surveyId,
                           Instant issuedAt, Instant expiresAt) {
}
