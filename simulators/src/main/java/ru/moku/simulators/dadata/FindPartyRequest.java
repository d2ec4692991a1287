package ru.moku.simulators.dadata;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code findById/party}: {@code {"query": "7707083893", "branch_type": "MAIN", "count": 1,
 * "type": "LEGAL"}}. Fields Dadata has and the simulator ignores ({@code status}, ...) are accepted.
 *
 * @param query      ИНН or ОГРН (ОГРНИП) of the party
 * @param branchType {@code MAIN} for the head organisation, {@code BRANCH} for branches (the simulator has none); absent = both
 * @param count      how many suggestions at most
 * @param type       {@code LEGAL} or {@code INDIVIDUAL}: only parties of that type; absent = both
 * @param kpp        only the party with this КПП; absent = any
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record FindPartyRequest(String query, String branchType, Integer count, String type, String kpp) {

    private static final Set<String> BRANCH_TYPES = Set.of("MAIN", "BRANCH");
    private static final Set<String> TYPES = Set.of("LEGAL", "INDIVIDUAL");
    /** The largest {@code count} the simulator accepts (it never answers more than one suggestion anyway). */
    static final int MAX_COUNT = 300;

    /** The identifier asked for. */
    String identifier() {
        return query.trim();
    }

    /** Why Dadata would refuse this body with 400, or empty. */
    Optional<String> problem() {
        if (query == null || query.isBlank()) {
            return Optional.of("query is required");
        }
        if (branchType != null && !BRANCH_TYPES.contains(branchType)) {
            return Optional.of("branch_type must be one of " + BRANCH_TYPES + ", not '" + branchType + "'");
        }
        if (type != null && !TYPES.contains(type)) {
            return Optional.of("type must be one of " + TYPES + ", not '" + type + "'");
        }
        if (count != null && (count < 1 || count > MAX_COUNT)) {
            return Optional.of("count must be 1.." + MAX_COUNT);
        }
        return Optional.empty();
    }

    /** The suggestions for this request when the directory says {@code profile}: the party unless a filter excludes it. */
    Suggestions select(PartyProfile profile) {
        Party party = profile.party();
        if (party == null
                || "BRANCH".equals(branchType)
                || (type != null && !type.equals(party.type().name()))
                || (kpp != null && !kpp.equals(party.kpp()))) {
            return Suggestions.NONE;
        }
        return Suggestions.of(party);
    }
}
