package ru.moku.model.intake;

import java.util.Set;

/**
 * The aggregated stage of a card (seed 001 mechanism, ARCHITECTURE.md §6), published as a canonical
 * event on every change. Stages after {@link #RECEIVED} are reached by later parts of the flow.
 */
public enum CardStage {
    /** Stored by card-processor (seed 000 steps 5–6). */
    RECEIVED,
    /** Stored, but an identifier failed validation; waits for manual analysis. */
    FLAGGED,
    /** ОКТМО enrichment answered for the organisation and the founder (step 7). */
    ENRICHED,
    /** Registered in ПОС.ОС (steps 8–10). */
    REGISTERED,
    /** Created in ЛКО (step 11). */
    CREATED_IN_LKO,
    /** Survey link accepted by SMEV (steps 12–15). */
    LINK_SENT,
    /** Survey answers stored and recorded against the card (steps 19–22). */
    SURVEY_COMPLETED,
    /** A step failed for good; an incident exists. */
    FAILED;

    /** Whether a card is stored in this stage (the first stage of its history). */
    public boolean isInitial() {
        return this == RECEIVED || this == FLAGGED;
    }

    /**
     * The stages a card may move to this one from. Moves only go forward: a late or repeated message never moves
     * a card back. Two forward jumps are allowed because the flow's messages can overtake each other: ЛКО's
     * announcement may arrive before ПОС.ОС's answer (ENRICHED → CREATED_IN_LKO), and the survey answers before
     * SMEV's acceptance of the link (CREATED_IN_LKO → SURVEY_COMPLETED).
     */
    public Set<CardStage> reachedFrom() {
        return switch (this) {
            case RECEIVED, FLAGGED -> Set.of();
            case ENRICHED -> Set.of(RECEIVED);
            case REGISTERED -> Set.of(ENRICHED);
            case CREATED_IN_LKO -> Set.of(ENRICHED, REGISTERED);
            case LINK_SENT -> Set.of(CREATED_IN_LKO);
            case SURVEY_COMPLETED -> Set.of(CREATED_IN_LKO, LINK_SENT);
            case FAILED -> Set.of(RECEIVED, ENRICHED, REGISTERED, CREATED_IN_LKO, LINK_SENT);
        };
    }

    /** Whether a card in this stage may move to {@code next}. */
    public boolean canMoveTo(CardStage next) {
        return next.reachedFrom().contains(this);
    }
}
