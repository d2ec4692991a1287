package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.party.FounderKind;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;

/** Generated cards are valid, varied and reproducible; the invalid share has wrong ИНН check digits only. */
class ServiceDataGeneratorUnitTests {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 1);

    @Test
    void theSameSeedGivesTheSameCards() {
        assertThat(generate(42, 20, 0.3)).isEqualTo(generate(42, 20, 0.3)).isNotEqualTo(generate(43, 20, 0.3));
    }

    @Test
    void identifiersAreValidAndFoundersAreMixed() {
        List<ServiceDataXml.Card> cards = generate(1, 400, 0);

        assertThat(cards).allSatisfy(card -> {
            assertThat(Inn.problem(card.organisation().inn())).isEmpty();
            assertThat(Ogrn.problem(card.organisation().ogrn())).isEmpty();
            assertThat(Inn.problem(card.founder().inn())).isEmpty();
            assertThat(card.applicationDate()).isBetween(TODAY.minusDays(60), TODAY);
        });
        long persons = cards.stream().filter(card -> card.founder().kind() == FounderKind.PERSON).count();
        assertThat(persons).isBetween(150L, 250L);
        assertThat(cards).filteredOn(card -> card.founder().kind() == FounderKind.PERSON)
                .allSatisfy(card -> assertThat(card.founder().inn()).hasSize(12));
        assertThat(cards.stream().map(card -> card.organisation().name()).distinct().count()).isGreaterThan(20);
    }

    @Test
    void theInvalidShareCarriesOrganisationInnsWithAWrongCheckDigit() {
        List<ServiceDataXml.Card> cards = generate(5, 1_000, 0.25);

        List<String> invalid = cards.stream().map(card -> card.organisation().inn())
                .filter(inn -> Inn.problem(inn).isPresent()).toList();
        assertThat(invalid).hasSizeBetween(180, 320).allSatisfy(inn -> assertThat(inn).matches("[0-9]{10}"));
        assertThat(generate(5, 50, 1)).allSatisfy(card -> assertThat(Inn.problem(card.organisation().inn())).isPresent());
    }

    @Test
    void aWrongCheckDigitChangesOnlyTheLastDigit() {
        assertThat(ServiceDataGenerator.withWrongCheckDigit("7707083893")).isEqualTo("7707083894");
        assertThat(ServiceDataGenerator.withWrongCheckDigit("7707083899")).isEqualTo("7707083890");
    }

    @Test
    void aGeneratedDocumentValidatesAgainstTheServiceDataSchema() throws Exception {
        String document = ServiceDataXml.serviceData(generate(9, 100, 0.5));

        SecureXml.validator(SmevSchemas.serviceData()).validate(new StreamSource(new StringReader(document)));
    }

    private static List<ServiceDataXml.Card> generate(long seed, int count, double invalidInnShare) {
        return new ServiceDataGenerator(new SplittableRandom(seed), TODAY).cards(count, invalidInnShare);
    }
}
