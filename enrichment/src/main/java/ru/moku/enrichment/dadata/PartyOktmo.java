package ru.moku.enrichment.dadata;

import ru.moku.model.identifiers.Oktmo;

/**
 * What Dadata knows of a party's ОКТМО.
 *
 * @param oktmo  the ОКТМО, or {@code null} if Dadata has none
 * @param reason why there is none ({@code null} when found)
 */
public record PartyOktmo(Oktmo oktmo, String reason) {

    static PartyOktmo found(Oktmo oktmo) {
        return new PartyOktmo(oktmo, null);
    }

    static PartyOktmo notFound(String reason) {
        return new PartyOktmo(null, reason);
    }

    public boolean found() {
        return oktmo != null;
    }
}
