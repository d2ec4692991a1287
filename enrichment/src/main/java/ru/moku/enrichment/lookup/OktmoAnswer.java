package ru.moku.enrichment.lookup;

import java.time.Instant;
import java.util.UUID;
import ru.moku.model.party.OktmoOutcome;

/**
 * The answer of a lookup.
 *
 * @param identifier the ИНН or ОГРН asked for
 * @param kind       which identifier
 * @param outcome    FOUND, NOT_FOUND or FAILED
 * @param oktmo      the ОКТМО when FOUND, else {@code null}
 * @param reason     why there is no ОКТМО ({@code null} when FOUND)
 * @param attempts   calls made to Dadata for this answer
 * @param incidentId the incident registered for a FAILED answer, if one was
 * @param lookedUpAt when Dadata was asked
 * @param cached     whether the answer came from the cache rather than a call now
 */
public record OktmoAnswer(String identifier, PartyIdentifier.Kind kind, OktmoOutcome outcome, String oktmo,
                          String reason, int attempts, UUID incidentId, Instant lookedUpAt, boolean cached) {
}
