package ru.moku.orgregistry.lko;

import java.util.UUID;

/** What the ЛКО call of a hand-off came to, as a value: {@link LkoHandoffHandler#handle} records it. */
sealed interface HandoffOutcome {

    /** Calls made to ЛКО for this outcome. */
    int calls();

    /**
     * 200: ЛКО created the organisation (or had it) under {@code lkoOrganisationId}; {@code sentRevision} is ПОС.ОС's
     * revision of the data sent.
     */
    record Registered(UUID lkoOrganisationId, int calls, long sentRevision) implements HandoffOutcome {
    }

    /**
     * 200 to an update (issue 13): ЛКО holds {@code revision} now; {@code applied} is false when it held that revision
     * or a later one already.
     */
    record Updated(UUID lkoOrganisationId, long revision, boolean applied, int calls) implements HandoffOutcome {
    }

    /** ЛКО refused the organisation on every attempt; {@code problem} is its last answer body. */
    record Rejected(int status, String problem, int calls) implements HandoffOutcome {
    }

    /** ЛКО stayed unavailable through every attempt. */
    record Unavailable(String reason, int calls) implements HandoffOutcome {
    }
}
