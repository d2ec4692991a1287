package ru.moku.model.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import ru.moku.model.identifiers.IdentifierGenerator;
import ru.moku.model.party.FounderKind;

/** The organisation and founder rules both sides of the hand-off apply. */
class OrganisationRulesUnitTests {

    private final IdentifierGenerator ids = new IdentifierGenerator(new Random(3));

    @Test
    void aValidOrganisationAndPersonFounderHaveNoProblems() {
        assertThat(OrganisationRules.organisation("ООО Вектор", ids.legalEntityInn(), ids.ogrn(), "45380000"))
                .isEmpty();
        assertThat(OrganisationRules.founder(FounderKind.PERSON, null, "Иванов", "Иван", ids.personInn(), null, null))
                .isEmpty();
    }

    @Test
    void everyInvalidFieldOfTheOrganisationIsListed() {
        assertThat(OrganisationRules.organisation(" ", ids.personInn(), "123", "12AB"))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("name", "inn", "ogrn", "oktmo");
    }

    @Test
    void aFounderMustBeConsistentWithItsKind() {
        assertThat(OrganisationRules.founder(FounderKind.LEGAL_ENTITY, null, null, null, ids.personInn(), null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.name", "founder.inn", "founder.ogrn");
        assertThat(OrganisationRules.founder(FounderKind.PERSON, null, null, "Иван", ids.legalEntityInn(), null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.lastName", "founder.inn");
        assertThat(OrganisationRules.founder(null, null, null, null, ids.personInn(), null, null))
                .extracting(OrganisationRules.Problem::field)
                .containsExactly("founder.kind");
    }
}
