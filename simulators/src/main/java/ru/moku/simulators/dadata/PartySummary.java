package ru.moku.simulators.dadata;

/**
 * A {@link PartyProfile} without the party's data: for lists.
 *
 * @param identifier the ИНН or ОГРН
 * @param outcome    what {@code findById/party} gives for it
 * @param oktmo      the ОКТМО a client should find; {@code null} for none
 * @param large      whether the answer is a large organisation's
 * @param registered whether it was registered through the admin API
 * @param type       {@code LEGAL} or {@code INDIVIDUAL}; {@code null} when not found
 * @param inn        the party's ИНН; {@code null} when not found
 * @param ogrn       the party's ОГРН or ОГРНИП; {@code null} when not found
 */
public record PartySummary(String identifier, Outcome outcome, String oktmo, boolean large, boolean registered,
                           Party.Type type, String inn, String ogrn) {
}
