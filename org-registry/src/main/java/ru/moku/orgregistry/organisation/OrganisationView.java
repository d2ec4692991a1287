package ru.moku.orgregistry.organisation;

import java.time.Instant;
import java.util.UUID;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.OktmoOutcome;

/**
 * An organisation as ПОС.ОС stores it: what was submitted, plus where its hand-off to ЛКО stands.
 *
 * @param mokuOrganisationId МОКУ's id of the organisation
 * @param cardId             the card it came with
 * @param name               full name
 * @param inn                ИНН
 * @param ogrn               ОГРН
 * @param kpp                КПП, or {@code null}
 * @param address            address, or {@code null}
 * @param oktmo              ОКТМО, or {@code null}
 * @param oktmoStatus        why the ОКТМО is what it is
 * @param status             where the hand-off to ЛКО stands
 * @param lkoOrganisationId  ЛКО's id once created there, else {@code null}
 * @param founder            its founder, as submitted
 * @param updatedAt          when it last changed
 */
public record OrganisationView(UUID mokuOrganisationId, UUID cardId, String name, String inn, String ogrn, String kpp,
                               String address, String oktmo, OktmoOutcome oktmoStatus, OrganisationStatus status,
                               UUID lkoOrganisationId, OrganisationSubmission.Founder founder, Instant updatedAt) {
}
