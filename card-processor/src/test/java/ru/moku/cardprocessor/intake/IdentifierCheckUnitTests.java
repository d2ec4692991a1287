package ru.moku.cardprocessor.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.model.intake.ServiceCard;

class IdentifierCheckUnitTests {

    // Published identifiers: Sberbank (ИНН 7707083893, ОГРН 1027700132195), Yandex (7736207543, 1027700229193).
    private static final ServiceCard.Organisation SBERBANK =
            new ServiceCard.Organisation("ПАО Сбербанк", "7707083893", "1027700132195", "773601001", "Москва");

    @Test
    void acceptsValidIdentifiersOfOrganisationAndLegalEntityFounder() {
        IdentifierCheck.Result result = IdentifierCheck.check(card(SBERBANK,
                ServiceCard.Founder.legalEntity("ООО Яндекс", "7736207543", "1027700229193")));

        assertThat(result.valid()).isTrue();
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void acceptsAPersonFounderWithoutOgrnip() {
        IdentifierCheck.Result result = IdentifierCheck.check(card(SBERBANK,
                ServiceCard.Founder.person("Петров", "Пётр", null, "500100732259", null)));

        assertThat(result.valid()).isTrue();
    }

    @Test
    void flagsAWrongOrganisationInnCheckDigit() {
        IdentifierCheck.Result result = IdentifierCheck.check(card(
                new ServiceCard.Organisation("ПАО Сбербанк", "7707083894", "1027700132195", null, null),
                ServiceCard.Founder.person("Петров", "Пётр", null, "500100732259", null)));

        assertThat(result.organisationInnValid()).isFalse();
        assertThat(result.organisationOgrnValid()).isTrue();
        assertThat(result.problems()).singleElement().asString().startsWith("organisation ИНН");
    }

    @Test
    void flagsAPersonInnGivenForALegalEntityFounder() {
        IdentifierCheck.Result result = IdentifierCheck.check(card(SBERBANK,
                ServiceCard.Founder.legalEntity("ООО Ошибка", "500100732259", "1027700229193")));

        assertThat(result.founderInnValid()).isFalse();
        assertThat(result.problems()).singleElement().asString().contains("10 digits");
    }

    @Test
    void flagsAWrongOgrnipCheckDigit() {
        IdentifierCheck.Result result = IdentifierCheck.check(card(SBERBANK,
                ServiceCard.Founder.person("Петров", "Пётр", null, "500100732259", "304500116000158")));

        assertThat(result.founderOgrnValid()).isFalse();
        assertThat(result.problems()).singleElement().asString().startsWith("founder ОГРНИП");
    }

    private static ServiceCard card(ServiceCard.Organisation organisation, ServiceCard.Founder founder) {
        return new ServiceCard(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(), 0, "svc",
                "APP-1", LocalDate.of(2026, 1, 1), organisation, founder);
    }
}
