package ru.moku.model.enrichment;

import java.util.UUID;

/**
 * enrichment → itself, on {@code enrichment.oktmo-relookups}: look a party up again, because an operator retried its
 * {@code DADATA_LOOKUP_FAILED} incident (issue 13). Queued through the outbox in the transaction that resolves the
 * incident, so the lookup runs off that transaction and off the operator's request.
 *
 * @param identifier the party's ИНН or ОГРН (the incident's subject)
 * @param incidentId the incident that was retried
 */
public record OktmoRelookup(String identifier, UUID incidentId) {
}
