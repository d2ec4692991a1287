package ru.moku.model.survey;

import java.time.Instant;
import java.util.UUID;

/**
 * card-processor → gateway: send the applicant this survey link through SMEV to ЛК ЕПГУ (seed 000 steps 12–15).
 *
 * @param cardId            the card
 * @param smevMessageId     the SMEV message the card came in (the notification refers to it)
 * @param applicationNumber the applicant's application number
 * @param serviceCode       the service the application was for
 * @param link              the link into ЛКП with the signed token
 * @param expiresAt         when the link stops working
 */
public record SurveyLinkIssued(UUID cardId, String smevMessageId, String applicationNumber, String serviceCode,
                               String link, Instant expiresAt) {
}
