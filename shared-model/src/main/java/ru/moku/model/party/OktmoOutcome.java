package ru.moku.model.party;

/** The three outcomes of an ОКТМО lookup (seed 000 step 7, scenarios A, B, C); the name is stored and sent. */
public enum OktmoOutcome {
    /** A: Dadata gave a valid ОКТМО. */
    FOUND,
    /** B: Dadata knows no such party, or the party has no ОКТМО; the ОКТМО is null, stated explicitly. */
    NOT_FOUND,
    /** C: Dadata could not be asked (retries spent, access denied, request refused); an incident says why. */
    FAILED
}
