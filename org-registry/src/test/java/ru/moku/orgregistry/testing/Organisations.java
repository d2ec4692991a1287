package ru.moku.orgregistry.testing;

import java.util.Random;
import java.util.UUID;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/** Valid submissions with fresh ids and identifiers, for tests. */
public final class Organisations {

    private static final IdentifierGenerator ids = new IdentifierGenerator(new Random());

    private Organisations() {
    }

    /** A valid organisation with an ОКТМО and a person founder. */
    public static OrganisationSubmission valid() {
        return new OrganisationSubmission(UUID.randomUUID(), UUID.randomUUID(), "ООО Вектор", ids.legalEntityInn(),
                ids.ogrn(), ids.kpp(), "г. Москва", ids.oktmo(), OktmoOutcome.FOUND,
                new OrganisationSubmission.Founder(FounderKind.PERSON, null, "Иванов", "Иван", "Иванович", ids.personInn(), null,
                        null, OktmoOutcome.NOT_FOUND), null);
    }

    /** {@code submission} with another ИНН (e.g. an invalid one). */
    public static OrganisationSubmission withInn(OrganisationSubmission submission, String inn) {
        return new OrganisationSubmission(submission.mokuOrganisationId(), submission.cardId(), submission.name(), inn,
                submission.ogrn(), submission.kpp(), submission.address(), submission.oktmo(),
                submission.oktmoStatus(), submission.founder(), submission.answeredAt());
    }

    /** {@code submission} with another name. */
    public static OrganisationSubmission withName(OrganisationSubmission submission, String name) {
        return new OrganisationSubmission(submission.mokuOrganisationId(), submission.cardId(), name, submission.inn(),
                submission.ogrn(), submission.kpp(), submission.address(), submission.oktmo(),
                submission.oktmoStatus(), submission.founder(), submission.answeredAt());
    }

    /** {@code submission} with an ОКТМО (FOUND) or none ({@code null}: FAILED), as a correction sets it. */
    public static OrganisationSubmission withOktmo(OrganisationSubmission submission, String oktmo) {
        return new OrganisationSubmission(submission.mokuOrganisationId(), submission.cardId(), submission.name(),
                submission.inn(), submission.ogrn(), submission.kpp(), submission.address(), oktmo,
                oktmo == null ? OktmoOutcome.FAILED : OktmoOutcome.FOUND, submission.founder(), submission.answeredAt());
    }

    /** {@code submission} with its ОКТМО answered at {@code answeredAt}. */
    public static OrganisationSubmission answeredAt(OrganisationSubmission submission, java.time.Instant answeredAt) {
        return new OrganisationSubmission(submission.mokuOrganisationId(), submission.cardId(), submission.name(),
                submission.inn(), submission.ogrn(), submission.kpp(), submission.address(), submission.oktmo(),
                submission.oktmoStatus(), submission.founder(), answeredAt);
    }

    /** {@code submission} as it comes with another card. */
    public static OrganisationSubmission withCard(OrganisationSubmission submission, UUID cardId) {
        return new OrganisationSubmission(submission.mokuOrganisationId(), cardId, submission.name(), submission.inn(),
                submission.ogrn(), submission.kpp(), submission.address(), submission.oktmo(),
                submission.oktmoStatus(), submission.founder(), submission.answeredAt());
    }

    /** A valid ИНН turned invalid by its check digit. */
    public static String wrongCheckDigit(String inn) {
        int last = inn.length() - 1;
        return inn.substring(0, last) + ((inn.charAt(last) - '0' + 1) % 10);
    }
}
