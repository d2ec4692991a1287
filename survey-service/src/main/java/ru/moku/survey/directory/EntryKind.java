package ru.moku.survey.directory;

/**
 * What a row of the ОКТМО classifier is, as {@code lko.oktmo_entry.kind} stores it. A municipality's kind is taken
 * from the group heading it is listed under ("Муниципальные районы …" → {@link #MUNICIPAL_DISTRICT}), never guessed
 * from its digits.
 */
public enum EntryKind {
    /** «Муниципальные образования &lt;субъект&gt;»: a subject of the federation (an autonomous okrug is its own). */
    REGION,
    /** A heading that lists municipalities or populated places of one kind; not a municipality itself. */
    GROUP,
    /** Внутригородская территория (муниципальное образование) of a federal city. */
    INNER_CITY_TERRITORY,
    /** Муниципальный район. */
    MUNICIPAL_DISTRICT,
    /** Муниципальный округ. */
    MUNICIPAL_OKRUG,
    /** Городской округ (with or without intra-city division). */
    URBAN_OKRUG,
    /** Внутригородской район of an urban okrug with intra-city division. */
    INNER_CITY_DISTRICT,
    /** Городское поселение. */
    URBAN_SETTLEMENT,
    /** Сельское поселение. */
    RURAL_SETTLEMENT,
    /** Межселенная территория. */
    INTER_SETTLEMENT_TERRITORY,
    /** A municipality listed under no heading the loader knows (kept, not refused). */
    MUNICIPALITY,
    /** Населенный пункт (RAZDEL 2, 11 digits). */
    POPULATED_PLACE;

    /** The kind of the rows a group heading of this name lists, if the name is a group heading. */
    static EntryKind listedUnder(String heading) {
        String name = heading.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("внутригородские районы")) {
            return INNER_CITY_DISTRICT;
        }
        if (name.startsWith("внутригородские территории") || name.startsWith("внутригородские муниципальные")) {
            return INNER_CITY_TERRITORY;
        }
        if (name.startsWith("муниципальные районы")) {
            return MUNICIPAL_DISTRICT;
        }
        if (name.startsWith("муниципальные округа")) {
            return MUNICIPAL_OKRUG;
        }
        if (name.startsWith("городские округа")) {
            return URBAN_OKRUG;
        }
        if (name.startsWith("городские поселения")) {
            return URBAN_SETTLEMENT;
        }
        if (name.startsWith("сельские поселения")) {
            return RURAL_SETTLEMENT;
        }
        if (name.startsWith("межселенные территории")) {
            return INTER_SETTLEMENT_TERRITORY;
        }
        if (name.startsWith("населенные пункты") || name.startsWith("населённые пункты")) {
            return POPULATED_PLACE;
        }
        return null;
    }

    /** Whether the name is a region heading («Муниципальные образования …»). */
    static boolean isRegionHeading(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).startsWith("муниципальные образования");
    }
}
