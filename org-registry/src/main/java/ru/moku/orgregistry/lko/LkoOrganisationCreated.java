package ru.moku.orgregistry.lko;

import java.util.UUID;

/**
 * ЛКО's 200 answer: the pair of ids linking the two contours.
 *
 * @param lkoOrganisationId  ЛКО's id of the organisation
 * @param mokuOrganisationId МОКУ's id of the organisation
 */
public record LkoOrganisationCreated(UUID lkoOrganisationId, UUID mokuOrganisationId) {
}
