package ru.moku.model.organisation;

import java.util.UUID;

/**
 * org-registry (ПОС.ОС) → card-processor: the organisation was created in ЛКО (seed 000 step 11), which gave it
 * {@code lkoOrganisationId}. card-processor stores the pair and moves the card to CREATED_IN_LKO.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation
 * @param cardId             the card it came with
 * @param lkoOrganisationId  ЛКО's id of the organisation
 */
public record OrganisationRegistered(UUID mokuOrganisationId, UUID cardId, UUID lkoOrganisationId) {
}
