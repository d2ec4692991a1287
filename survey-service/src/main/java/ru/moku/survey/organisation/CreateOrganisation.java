package ru.moku.survey.organisation;

import java.util.UUID;
import ru.moku.model.party.FounderKind;

/**
 * Body of {@code POST /api/v1/organisations}: an organisation with its founder, as ПОС.ОС hands it over.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation; the request is idempotent by it
 * @param name               full name
 * @param inn                ИНН (10 digits)
 * @param ogrn               ОГРН (13 digits)
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО (8 or 11 digits), or {@code null} when МОКУ found none
 * @param founder            its founder
 */
public record CreateOrganisation(UUID mokuOrganisationId, String name, String inn, String ogrn, String kpp,
                                 String address, String oktmo, Founder founder) {

    /**
     * The founder: a legal entity (name, 10-digit ИНН, ОГРН) or a person (last and first name, 12-digit ИНН,
     * optional ОГРНИП).
     *
     * @param kind       {@code LEGAL_ENTITY} or {@code PERSON}
     * @param name       a legal entity's name
     * @param lastName   a person's last name
     * @param firstName  a person's first name
     * @param middleName a person's middle name, or {@code null}
     * @param inn        ИНН
     * @param ogrn       ОГРН (legal entity) or ОГРНИП (person, optional)
     * @param oktmo      ОКТМО, or {@code null}
     */
    public record Founder(FounderKind kind, String name, String lastName, String firstName, String middleName,
                          String inn, String ogrn, String oktmo) {
    }
}
