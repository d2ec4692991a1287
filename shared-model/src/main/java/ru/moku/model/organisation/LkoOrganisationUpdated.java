package ru.moku.model.organisation;

import java.util.UUID;

/**
 * survey-service (ЛКО) → org-registry: the answer to {@link LkoOrganisationUpdate}.
 *
 * @param lkoOrganisationId  ЛКО's id of the organisation
 * @param mokuOrganisationId МОКУ's id
 * @param revision           the revision ЛКО holds now
 * @param applied            whether this update changed ЛКО's copy ({@code false}: ЛКО holds this revision or a
 *                           later one already)
 */
public record LkoOrganisationUpdated(UUID lkoOrganisationId, UUID mokuOrganisationId, long revision,
                                     boolean applied) {
}
