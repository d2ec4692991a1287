package ru.moku.simulators.dadata;

/**
 * What {@code findById/party} gives for an identifier, in the terms of the enrichment (seed 000, step 7):
 * {@link #FOUND} and {@link #ADDRESS_ONLY_OKTMO} are outcome A (an ОКТМО), {@link #NO_OKTMO} and
 * {@link #NOT_FOUND} are outcome B (none, stated explicitly).
 */
public enum Outcome {
    /** A party with its ОКТМО in {@code data.oktmo} and in {@code data.address.data.oktmo}. */
    FOUND,
    /** A party with its ОКТМО only in {@code data.address.data.oktmo}; {@code data.oktmo} is {@code null}. */
    ADDRESS_ONLY_OKTMO,
    /** A party without any ОКТМО: both {@code null}, or {@code data.address.data} itself {@code null}. */
    NO_OKTMO,
    /** Unknown to Dadata: HTTP 200 with {@code "suggestions": []}. */
    NOT_FOUND;

    /** Whether a party comes back at all. */
    public boolean found() {
        return this != NOT_FOUND;
    }
}
