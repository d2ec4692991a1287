package ru.moku.enrichment.lookup;

import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;

/**
 * The identifier a party is looked up by: an ИНН (10 digits: organisation, 12: person) or an ОГРН/ОГРНИП.
 * Valid by construction (check digits included).
 *
 * @param kind  which identifier
 * @param value its digits
 */
public record PartyIdentifier(Kind kind, String value) {

    /** Which identifier; the name is stored. */
    public enum Kind {
        INN, OGRN
    }

    /** @throws ru.moku.model.identifiers.InvalidIdentifierException if {@code value} is not a valid ИНН */
    public static PartyIdentifier inn(String value) {
        return new PartyIdentifier(Kind.INN, Inn.of(value).value());
    }

    /** @throws ru.moku.model.identifiers.InvalidIdentifierException if {@code value} is not a valid ОГРН or ОГРНИП */
    public static PartyIdentifier ogrn(String value) {
        return new PartyIdentifier(Kind.OGRN, Ogrn.of(value).value());
    }
}
