package ru.moku.enrichment.dadata;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code findById/party}: the main branch only, one suggestion.
 *
 * @param query      the ИНН or ОГРН
 * @param branchType {@code MAIN}: the head office, not its branches
 * @param count      suggestions wanted
 * @param type       {@code INDIVIDUAL} for a person's 12-digit ИНН, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindPartyRequest(String query, @JsonProperty("branch_type") String branchType, int count, String type) {

    public static FindPartyRequest forIdentifier(String identifier) {
        // A 12-digit ИНН is a person's (an individual entrepreneur): without the type Dadata searches legal entities.
        return new FindPartyRequest(identifier, "MAIN", 1, identifier.length() == 12 ? "INDIVIDUAL" : null);
    }
}
