package ru.moku.orgregistry.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.organisation.OrganisationSubmission.Founder;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;

class SubmissionValidationUnitTests {

    // Published identifiers: Sberbank (ИНН 7707083893, ОГРН 1027700132195), Yandex (7736207543, 1027700229193).
    private static final Founder PERSON = new Founder(FounderKind.PERSON, null, "Петров", "Пётр", null, "500100732259", null,
            null, null);
    private static final Founder LEGAL_ENTITY = new Founder(FounderKind.LEGAL_ENTITY, "ООО Яндекс", null, null, null,
            "7736207543", "1027700229193", "45000000", OktmoOutcome.FOUND);

    @Test
    void acceptsAValidOrganisationWithAPersonFounder() {
        assertThat(SubmissionValidation.problems(submission("7707083893", "45000000", OktmoOutcome.FOUND, PERSON))).isEmpty();
    }

    @Test
    void acceptsALegalEntityFounderAndAnOrganisationWithoutOktmo() {
        assertThat(SubmissionValidation.problems(submission("7707083893", null, OktmoOutcome.NOT_FOUND, LEGAL_ENTITY))).isEmpty();
    }

    @Test
    void reportsAWrongInnCheckDigit() {
        assertThat(SubmissionValidation.problems(submission("7707083894", null, OktmoOutcome.FAILED, PERSON)))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("inn");
                    assertThat(error.message()).contains("check digit");
                });
    }

    @Test
    void reportsAPersonsInnForAnOrganisation() {
        assertThat(SubmissionValidation.problems(submission("500100732259", null, OktmoOutcome.NOT_FOUND, PERSON)))
                .extracting(Problem::field).containsExactly("inn");
    }

    @Test
    void reportsAFounderWhoseIdentifiersDoNotFitItsKind() {
        Founder legalEntityWithPersonInn = new Founder(FounderKind.LEGAL_ENTITY, "ООО Ошибка", null, null, null, "500100732259",
                "304500116000157", null, null);

        assertThat(SubmissionValidation.problems(submission("7707083893", null, OktmoOutcome.NOT_FOUND, legalEntityWithPersonInn)))
                .extracting(Problem::field).containsExactly("founder.inn", "founder.ogrn");
    }

    @Test
    void reportsAPersonFounderWithoutNames() {
        Founder nameless = new Founder(FounderKind.PERSON, null, " ", null, null, "500100732259", null, null, null);

        assertThat(SubmissionValidation.problems(submission("7707083893", null, OktmoOutcome.NOT_FOUND, nameless)))
                .extracting(Problem::field).containsExactly("founder.lastName", "founder.firstName");
    }

    @Test
    void reportsAnOktmoStatusInconsistentWithTheOktmo() {
        assertThat(SubmissionValidation.problems(submission("7707083893", null, OktmoOutcome.FOUND, PERSON)))
                .extracting(Problem::field).containsExactly("oktmoStatus");
        assertThat(SubmissionValidation.problems(submission("7707083893", "45000000", OktmoOutcome.NOT_FOUND, PERSON)))
                .extracting(Problem::field).containsExactly("oktmoStatus");
    }

    @Test
    void reportsAMalformedOktmoAndAMissingOktmoStatus() {
        assertThat(SubmissionValidation.problems(submission("7707083893", "4500", null, PERSON)))
                .extracting(Problem::field).containsExactly("oktmo", "oktmoStatus");
    }

    @Test
    void reportsEveryMissingRequiredField() {
        OrganisationSubmission empty = new OrganisationSubmission(null, null, null, null, null, null, null, null, null,
                null, null);

        assertThat(SubmissionValidation.problems(empty)).extracting(Problem::field).containsExactly(
                "mokuOrganisationId", "cardId", "name", "inn", "ogrn", "oktmoStatus", "founder");
    }

    private static OrganisationSubmission submission(String inn, String oktmo, OktmoOutcome oktmoStatus, Founder founder) {
        return new OrganisationSubmission(UUID.randomUUID(), UUID.randomUUID(), "ПАО Сбербанк", inn, "1027700132195",
                "773601001", "Москва", oktmo, oktmoStatus, founder, null);
    }
}
