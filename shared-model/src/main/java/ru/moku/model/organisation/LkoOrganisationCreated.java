package ru.moku.model.organisation;

import java.util.UUID;

/**
 * survey-service (ЛКО) → org-registry (ПОС.ОС): the 200 answer of {@code POST /api/v1/organisations} (seed 000
 * step 11), the pair of ids that links the two contours end to end.
 *
 * @param lkoOrganisationId  ЛКО's id of the organisation
 * @param mokuOrganisationId МОКУ's id of the organisation
 */
public record LkoOrganisationCreated(UUID lkoOrganisationId, UUID mokuOrganisationId) {
}
