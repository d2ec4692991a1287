package ru.moku.model.enrichment;

import java.util.List;
import java.util.UUID;
import ru.moku.model.party.PartyRole;

/**
 * card-processor → enrichment: find the ОКТМО of a card's parties (seed 000 step 7).
 *
 * @param cardId  the card the parties belong to
 * @param parties the organisation and its founder(s)
 */
public record EnrichmentRequest(UUID cardId, List<Party> parties) {

    public EnrichmentRequest {
        parties = parties == null ? List.of() : List.copyOf(parties);
    }

    /**
     * One party to look up: by its ИНН when it has one, else by its ОГРН.
     *
     * @param role the organisation or its founder
     * @param inn  its ИНН, or {@code null}
     * @param ogrn its ОГРН/ОГРНИП, or {@code null}
     */
    public record Party(PartyRole role, String inn, String ogrn) {
    }
}
