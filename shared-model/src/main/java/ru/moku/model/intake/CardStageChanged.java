package ru.moku.model.intake;

import java.time.Instant;
import java.util.UUID;

/**
 * Kafka event: a card reached a stage (keyed by card id on {@code moku.card-stage-events}).
 *
 * @param cardId        the card
 * @param stage         the stage reached
 * @param previousStage the stage before, {@code null} for the first
 * @param at            when the stage was reached
 * @param reason        why, for failure and flag stages; otherwise {@code null}
 */
public record CardStageChanged(UUID cardId, CardStage stage, CardStage previousStage, Instant at, String reason) {
}
