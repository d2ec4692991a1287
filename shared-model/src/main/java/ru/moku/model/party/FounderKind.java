package ru.moku.model.party;

/**
 * What kind of party founded the organisation: it decides which identifiers and name fields a founder has
 * (a legal entity: a name, a 10-digit ИНН and an ОГРН; a person: last/first/middle name, a 12-digit ИНН and an
 * optional ОГРНИП). Stored and sent by name.
 */
public enum FounderKind {
    /** A legal entity (ЮЛ). */
    LEGAL_ENTITY,
    /** A natural person or individual entrepreneur (ФЛ/ИП). */
    PERSON
}
