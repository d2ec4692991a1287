package ru.moku.model.survey;

import java.time.Instant;
import java.util.UUID;

/**
 * gateway → card-processor: SMEV accepted the notification with the survey link (seed 000 step 15).
 *
 * @param cardId        the card
 * @param smevMessageId the MessageId of our SendRequest
 * @param sentAt        when SMEV accepted it
 */
public record SurveyLinkSent(UUID cardId, String smevMessageId, Instant sentAt) {
}
