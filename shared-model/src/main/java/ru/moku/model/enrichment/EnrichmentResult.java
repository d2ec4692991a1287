package ru.moku.model.enrichment;

import java.util.List;
import java.util.UUID;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;

/**
 * enrichment → card-processor: one answer per party of an {@link EnrichmentRequest} (seed 000 step 7).
 *
 * @param cardId  the card of the request
 * @param results one per requested party, in the request's order
 */
public record EnrichmentResult(UUID cardId, List<PartyResult> results) {

    public EnrichmentResult {
        results = results == null ? List.of() : List.copyOf(results);
    }

    /**
     * The answer for one party.
     *
     * @param role       the party's role as requested
     * @param identifier the ИНН or ОГРН it was looked up by (as given when it was invalid)
     * @param outcome    what the lookup gave
     * @param oktmo      the ОКТМО; {@code null} unless FOUND
     * @param reason     why there is no ОКТМО; {@code null} when FOUND
     */
    public record PartyResult(PartyRole role, String identifier, OktmoOutcome outcome, String oktmo, String reason) {
    }
}
