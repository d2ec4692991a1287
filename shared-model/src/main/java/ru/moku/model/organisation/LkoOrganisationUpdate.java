package ru.moku.model.organisation;

import java.util.UUID;

/**
 * org-registry (ПОС.ОС) → survey-service (ЛКО): body of ЛКО's {@code PUT /api/v1/organisations/{mokuOrganisationId}},
 * an organisation ЛКО has already, as ПОС.ОС now knows it (a corrected ОКТМО, a new address or name). ЛКО applies it
 * only when {@code revision} is above the one it holds, so a repeated or overtaken update changes nothing.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation (the same as in the path)
 * @param revision           ПОС.ОС's revision of the organisation: grows by one with every change it accepts
 * @param name               full name
 * @param inn                ИНН (10 digits)
 * @param ogrn               ОГРН (13 digits)
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО (8 or 11 digits), or {@code null}
 * @param founder            its founder
 */
public record LkoOrganisationUpdate(UUID mokuOrganisationId, long revision, String name, String inn, String ogrn,
                                    String kpp, String address, String oktmo, LkoOrganisationRequest.Founder founder) {

    /** The same organisation as a create request carries it (for the validation both share). */
    public LkoOrganisationRequest asRequest() {
        return new LkoOrganisationRequest(mokuOrganisationId, name, inn, ogrn, kpp, address, oktmo, founder);
    }
}
