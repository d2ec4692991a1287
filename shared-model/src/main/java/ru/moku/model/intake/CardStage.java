package ru.moku.model.intake;

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
    FAILED
}
