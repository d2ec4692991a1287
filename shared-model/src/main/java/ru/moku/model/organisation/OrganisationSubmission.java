package ru.moku.model.organisation;

import java.time.Instant;
import java.util.UUID;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;

/**
 * card-processor → org-registry (ПОС.ОС): an organisation and its founder as МОКУ knows them after enrichment
 * (seed 000 steps 8–10). The same document travels as the RabbitMQ message of variant 1 and as the body of
 * {@code PUT /api/v1/organisations/{mokuOrganisationId}} of variant 2; both are idempotent by
 * {@code mokuOrganisationId}.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation (the key on every side)
 * @param cardId             the card it came with
 * @param name               full name
 * @param inn                ИНН (10 digits)
 * @param ogrn               ОГРН (13 digits)
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО, or {@code null} when enrichment found none
 * @param oktmoStatus        {@code FOUND}, {@code NOT_FOUND} or {@code FAILED}: why {@code oktmo} is what it is
 * @param founder            its founder
 * @param answeredAt         when the newest ОКТМО answer of the organisation or its founder was had (the enrichment,
 *                           or a later correction — issue 13): ПОС.ОС takes no submission older than the one it holds,
 *                           so a stale correction never overwrites a newer one; {@code null} = not known (taken)
 */
public record OrganisationSubmission(UUID mokuOrganisationId, UUID cardId, String name, String inn, String ogrn,
                                     String kpp, String address, String oktmo, OktmoOutcome oktmoStatus, Founder founder,
                                     Instant answeredAt) {

    /**
     * The founder: a legal entity (name, ИНН of 10 digits, ОГРН) or a person (last/first/middle name, ИНН of
     * 12 digits, optional ОГРНИП).
     *
     * @param kind        a legal entity or a person
     * @param name        a legal entity's name
     * @param lastName    a person's last name
     * @param firstName   a person's first name
     * @param middleName  a person's middle name, or {@code null}
     * @param inn         ИНН
     * @param ogrn        ОГРН (legal entity) or ОГРНИП (person), or {@code null}
     * @param oktmo       ОКТМО, or {@code null}
     * @param oktmoStatus {@code FOUND}, {@code NOT_FOUND} or {@code FAILED}
     */
    public record Founder(FounderKind kind, String name, String lastName, String firstName, String middleName,
                          String inn, String ogrn, String oktmo, OktmoOutcome oktmoStatus) {
    }
}
