package ru.moku.orgregistry.organisation;

/** Where an accepted organisation stands on its way to ЛКО (column {@code organisation.status}). */
public enum OrganisationStatus {
    /** Stored; the hand-off to ЛКО is queued or under way. */
    ACCEPTED,
    /** ЛКО created it and gave its id (seed 000 step 11). */
    CREATED_IN_LKO,
    /** ЛКО refused it (422) on every attempt: an incident and a {@code manual_review} row wait for a person. */
    MANUAL_REVIEW,
    /** ЛКО stayed unavailable through every attempt: an incident waits for a person (or its retry). */
    FAILED
}
