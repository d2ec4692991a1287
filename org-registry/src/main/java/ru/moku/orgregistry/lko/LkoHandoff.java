package ru.moku.orgregistry.lko;

import java.util.UUID;

/**
 * Message on {@code pos-os.lko-handoffs} (org-registry → itself): hand this organisation to ЛКО. It carries only
 * the ids; the handler reads the organisation as stored when it calls, so a re-driven hand-off sends current data.
 *
 * @param mokuOrganisationId the organisation
 * @param cardId             the card it came with
 */
public record LkoHandoff(UUID mokuOrganisationId, UUID cardId) {
}
