package ru.moku.enrichment.dadata;

import ru.moku.model.identifiers.Oktmo;

/**
 * What Dadata knows of a party's ОКТМО.
 *
 * @param oktmo   the ОКТМО, or {@code null} if Dadata has none
 * @param absence why there is none ({@code null} when found)
 * @param detail  one sentence for operators saying what Dadata answered when there is none ({@code null} when found)
 */
public record PartyOktmo(Oktmo oktmo, Absence absence, String detail) {

    /** Why Dadata's answer holds no ОКТМО. */
    public enum Absence {
        /** Dadata knows no such party (or answered without a body). */
        NO_PARTY,
        /** The party has no ОКТМО, neither its own nor its address's. */
        NO_OKTMO,
        /** The party's ОКТМО is not a valid one. */
        INVALID_OKTMO
    }

    static PartyOktmo found(Oktmo oktmo) {
        return new PartyOktmo(oktmo, null, null);
    }

    static PartyOktmo none(Absence absence, String detail) {
        return new PartyOktmo(null, absence, detail);
    }

    public boolean found() {
        return oktmo != null;
    }
}
