package ru.moku.model.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.moku.model.party.FounderKind;

/** The organisation and founder rules both sides of the hand-off apply. */
class OrganisationRulesUnitTests {

    // Published identifiers: Sberbank (ИНН 7707083893, ОГРН 1027700132195); a person's ИНН 500100732259.
    private static final String LEGAL_ENTITY_INN = "7707083893";
    private static final String OGRN = "1027700132195";
    private static final String PERSON_INN = "500100732259";

    @Test
    void aValidOrganisationAndPersonFounderHaveNoProblems() {
        assertThat(OrganisationRules.organisation("ООО Вектор", LEGAL_ENTITY_INN, OGRN, "45380000"))
                .isEmpty();
        assertThat(OrganisationRules.founder(FounderKind.PERSON, null, "Иванов", "Иван", PERSON_INN, null, null))
                .isEmpty();
    }

    @Test
    void everyInvalidFieldOfTheOrganisationIsListed() {
        assertThat(OrganisationRules.organisation(" ", PERSON_INN, "123", "12AB"))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("name", "inn", "ogrn", "oktmo");
    }

    @Test
    void aFounderMustBeConsistentWithItsKind() {
        assertThat(OrganisationRules.founder(FounderKind.LEGAL_ENTITY, null, null, null, PERSON_INN, null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.name", "founder.inn", "founder.ogrn");
        assertThat(OrganisationRules.founder(FounderKind.PERSON, null, null, "Иван", LEGAL_ENTITY_INN, null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.lastName", "founder.inn");
        assertThat(OrganisationRules.founder(null, null, null, null, PERSON_INN, null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.kind");
    }
}
