package ru.moku.simulators.dadata;

/**
 * A party a test wants to exist exactly so ({@code POST /admin/dadata/parties}); fields left out are made up
 * as for a generated party.
 *
 * @param inn     ИНН: 10 digits for a legal entity, 12 for an individual entrepreneur; required unless
 *                {@code outcome} is {@code NOT_FOUND} and {@code ogrn} is given
 * @param ogrn    ОГРН (with a 10-digit ИНН) or ОГРНИП (with a 12-digit one); derived from the ИНН if absent
 * @param outcome where the ОКТМО is, or {@code NOT_FOUND} to make the identifiers unknown; default {@code FOUND}
 * @param oktmo   the ОКТМО (8 or 11 digits) for {@code FOUND} and {@code ADDRESS_ONLY_OKTMO}; one of the region's if absent
 * @param large   whether the answer is a large organisation's; default no
 * @param name    name without the legal form, or "surname name patronymic" of an entrepreneur
 */
public record PartyRegistration(String inn, String ogrn, Outcome outcome, String oktmo, Boolean large, String name) {
}
