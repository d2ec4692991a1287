package ru.moku.orgregistry.lko;

import java.util.UUID;
import ru.moku.model.party.FounderKind;

/**
 * Body of ЛКО's {@code POST /api/v1/organisations}: the organisation, its founder and МОКУ's id, by which ЛКО is
 * idempotent.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation
 * @param name               full name
 * @param inn                ИНН
 * @param ogrn               ОГРН
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО, or {@code null}
 * @param founder            its founder
 */
public record LkoOrganisationRequest(UUID mokuOrganisationId, String name, String inn, String ogrn, String kpp,
                                     String address, String oktmo, Founder founder) {

    /**
     * The founder as ЛКО takes it.
     *
     * @param kind       {@code LEGAL_ENTITY} or {@code PERSON}
     * @param name       a legal entity's name
     * @param lastName   a person's last name
     * @param firstName  a person's first name
     * @param middleName a person's middle name
     * @param inn        ИНН
     * @param ogrn       ОГРН or ОГРНИП
     * @param oktmo      ОКТМО
     */
    public record Founder(FounderKind kind, String name, String lastName, String firstName, String middleName,
                          String inn, String ogrn, String oktmo) {
    }
}
