package ru.moku.model.party;

/**
 * Which party of a service card an identifier belongs to (seed 000 step 7: the ОКТМО is looked up for the
 * organisation and for its founder). Travels by name in {@code EnrichmentRequest}/{@code EnrichmentResult};
 * an unknown name fails deserialisation, so a message with one is a poison message, not a silent skip.
 */
public enum PartyRole {
    /** The organisation the service data is about. */
    ORGANISATION,
    /** Its founder: a legal entity or a person. */
    FOUNDER
}
