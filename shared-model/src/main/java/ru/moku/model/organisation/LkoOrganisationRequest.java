package ru.moku.model.organisation;

import java.util.UUID;
import ru.moku.model.party.FounderKind;

/**
 * org-registry (ПОС.ОС) → survey-service (ЛКО, ПОС.ОГ.ЛКО): body of ЛКО's {@code POST /api/v1/organisations}
 * (seed 000 step 11), the organisation and its founder as ЛКО stores them. ЛКО is idempotent by
 * {@code mokuOrganisationId}: the same request again answers the same {@link LkoOrganisationCreated}.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation
 * @param name               full name
 * @param inn                ИНН (10 digits)
 * @param ogrn               ОГРН (13 digits)
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО (8 or 11 digits), or {@code null} when МОКУ found none
 * @param founder            its founder
 */
public record LkoOrganisationRequest(UUID mokuOrganisationId, String name, String inn, String ogrn, String kpp,
                                     String address, String oktmo, Founder founder) {

    /**
     * The founder: a legal entity (name, 10-digit ИНН, ОГРН) or a person (last and first name, 12-digit ИНН,
     * optional ОГРНИП).
     *
     * @param kind       a legal entity or a person
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
