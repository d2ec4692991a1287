package ru.moku.survey.organisation;

import java.util.UUID;

/**
 * Answer of {@code POST /api/v1/organisations}: the pair that links the two contours (seed 000 step 11).
 *
 * @param lkoOrganisationId  ЛКО's id of the organisation
 * @param mokuOrganisationId МОКУ's id of the organisation
 */
public record OrganisationCreated(UUID lkoOrganisationId, UUID mokuOrganisationId) {
}
