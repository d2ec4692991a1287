package ru.moku.simulators.dadata;

/**
 * What the simulator answers for an identifier, for tests that need to know the expected outcome
 * ({@code GET /admin/dadata/parties/{identifier}}).
 *
 * @param identifier the ИНН or ОГРН asked about
 * @param outcome    what {@code findById/party} gives for it (without filters and faults)
 * @param oktmo      the ОКТМО a client should find ({@code data.oktmo}, else {@code data.address.data.oktmo}); {@code null} for none
 * @param large      whether the answer is a large organisation's (about {@code large-response-size})
 * @param registered whether it was registered through the admin API rather than generated
 * @param reason     why nothing is found, for {@link Outcome#NOT_FOUND}
 * @param party      the party as {@code suggestions[0].data}; {@code null} when not found
 */
public record PartyProfile(String identifier, Outcome outcome, String oktmo, boolean large, boolean registered,
                           String reason, Party party) {

    static PartyProfile found(String identifier, Outcome outcome, boolean large, boolean registered, Party party) {
        return new PartyProfile(identifier, outcome, party.effectiveOktmo(), large, registered, null, party);
    }

    static PartyProfile notFound(String identifier, boolean registered, String reason) {
        return new PartyProfile(identifier, Outcome.NOT_FOUND, null, false, registered, reason, null);
    }

    PartySummary summary() {
        return new PartySummary(identifier, outcome, oktmo, large, registered,
                party == null ? null : party.type(), party == null ? null : party.inn(),
                party == null ? null : party.ogrn());
    }
}
