package ru.moku.simulators.dadata;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer of {@code findById/party}: {@code {"suggestions": [...]}}, empty when Dadata does not know the
 * identifier (HTTP 200 all the same).
 *
 * @param suggestions the parties found, at most one here (the simulator knows no branches)
 */
public record Suggestions(List<Suggestion> suggestions) {

    /** Nothing found. */
    public static final Suggestions NONE = new Suggestions(List.of());

    public Suggestions {
        suggestions = List.copyOf(suggestions);
    }

    static Suggestions of(Party party) {
        return new Suggestions(List.of(new Suggestion(party.name().shortWithOpf(),
                party.name().shortWithOpf(), party)));
    }

    /**
     * @param value             the party's short name with its form
     * @param unrestrictedValue the same, as Dadata writes it for parties
     * @param data              the party
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Suggestion(String value, String unrestrictedValue, Party data) {
    }
}
