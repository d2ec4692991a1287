package ru.moku.enrichment.dadata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The part of Dadata's {@code findById/party} answer the enrichment reads; Dadata adds fields, they are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record FindPartyResponse(List<Suggestion> suggestions) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Suggestion(Party data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Party(String oktmo, Address address) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Address(AddressData data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AddressData(String oktmo) {
    }

    /** {@code suggestions[0].data.oktmo}, else {@code suggestions[0].data.address.data.oktmo}, else null. */
    String oktmo() {
        if (suggestions == null || suggestions.isEmpty() || suggestions.get(0).data() == null) {
            return null;
        }
        Party party = suggestions.get(0).data();
        if (party.oktmo() != null && !party.oktmo().isBlank()) {
            return party.oktmo();
        }
        return party.address() == null || party.address().data() == null ? null : party.address().data().oktmo();
    }

    boolean hasParty() {
        return suggestions != null && !suggestions.isEmpty();
    }
}
