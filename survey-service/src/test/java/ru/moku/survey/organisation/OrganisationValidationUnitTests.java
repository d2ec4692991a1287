package ru.moku.survey.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.model.party.FounderKind;

class OrganisationValidationUnitTests {

    // Published identifiers: Sberbank (ИНН 7707083893, ОГРН 1027700132195), Yandex (7736207543, 1027700229193).
    private static final LkoOrganisationRequest.Founder PERSON =
            new LkoOrganisationRequest.Founder(FounderKind.PERSON, null, "Петров", "Пётр", null, "500100732259", null, null);

    @Test
    void acceptsAValidOrganisationWithAPersonFounder() {
        assertThat(OrganisationValidation.problems(organisation("7707083893", "45000000", PERSON))).isEmpty();
    }

    @Test
    void acceptsALegalEntityFounderWithItsOgrn() {
        LkoOrganisationRequest.Founder founder = new LkoOrganisationRequest.Founder(FounderKind.LEGAL_ENTITY, "ООО Яндекс", null, null,
                null, "7736207543", "1027700229193", null);

        assertThat(OrganisationValidation.problems(organisation("7707083893", null, founder))).isEmpty();
    }

    @Test
    void reportsAWrongInnCheckDigitByFieldName() {
        assertThat(OrganisationValidation.problems(organisation("7707083894", null, PERSON)))
                .singleElement()
                .satisfies(error -> {
                    assertThat(error.field()).isEqualTo("inn");
                    assertThat(error.message()).contains("check digit");
                });
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        LkoOrganisationRequest.Founder founder = new LkoOrganisationRequest.Founder(FounderKind.PERSON, null, null, "Пётр", null,
                "7736207543", null, "123");
        LkoOrganisationRequest request = new LkoOrganisationRequest(null, " ", "7707083893", "1027700132195", null, null,
                "00000000", founder);

        assertThat(OrganisationValidation.problems(request)).extracting(Problem::field)
                .containsExactly("mokuOrganisationId", "name", "oktmo", "founder.lastName", "founder.inn",
                        "founder.oktmo");
    }

    @Test
    void refusesAFounderWithoutAKind() {
        LkoOrganisationRequest.Founder founder = new LkoOrganisationRequest.Founder(null, "R2", null, null, null,
                "7736207543", null, null);

        assertThat(OrganisationValidation.problems(organisation("7707083893", null, founder)))
                .extracting(Problem::field).containsExactly("founder.kind");
    }

    private static LkoOrganisationRequest organisation(String inn, String oktmo, LkoOrganisationRequest.Founder founder) {
        return new LkoOrganisationRequest(UUID.randomUUID(), "ПАО Сбербанк", inn, "1027700132195", "773601001", "Москва",
                oktmo, founder);
    }
}
