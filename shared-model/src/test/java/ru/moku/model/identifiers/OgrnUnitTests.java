package ru.moku.model.identifiers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OgrnUnitTests {

    // Published ОГРН of Sberbank, Yandex and Gazprom, and a published ОГРНИП.
    private static final String SBERBANK = "1027700132195";
    private static final String YANDEX = "1027700229193";
    private static final String GAZPROM = "1027700070518";
    private static final String ENTREPRENEUR = "304500116000157";

    @ParameterizedTest
    @ValueSource(strings = {SBERBANK, YANDEX, GAZPROM})
    void acceptsThirteenDigitOgrnWithCorrectCheckDigit(String value) {
        assertThat(new Ogrn(value).value()).isEqualTo(value);
    }

    @Test
    void acceptsFifteenDigitOgrnipWithCorrectCheckDigit() {
        assertThat(new Ogrn(ENTREPRENEUR).value()).isEqualTo(ENTREPRENEUR);
    }

    @Test
    void acceptsThirteenDigitOgrnWhoseRemainderIsTen() {
        // Constructed from Sberbank's first 10 digits: the first 12 digits are 10 mod 11, so the check digit is 0.
        assertThat(Ogrn.problem("1027700132020")).isEmpty();
    }

    @Test
    void dividesOgrnipByThirteenNotEleven() {
        // Constructed from the ОГРНИП above: the first 14 digits are 11 mod 13, so the check digit is 1.
        assertThat(Ogrn.problem("304500116000061")).isEmpty();
    }

    @Test
    void thirteenDigitOgrnBelongsToOrganisation() {
        assertThat(Ogrn.of(SBERBANK).isIndividualEntrepreneur()).isFalse();
    }

    @Test
    void fifteenDigitOgrnipBelongsToIndividualEntrepreneur() {
        assertThat(Ogrn.of(ENTREPRENEUR).isIndividualEntrepreneur()).isTrue();
    }

    @Test
    void ofEqualsConstructor() {
        assertThat(Ogrn.of(YANDEX)).isEqualTo(new Ogrn(YANDEX));
    }

    @Test
    void problemIsEmptyForValidOgrn() {
        assertThat(Ogrn.problem(GAZPROM)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new Ogrn(null))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
                    assertThat(e.kind()).isEqualTo("ОГРН");
                    assertThat(e.value()).isNull();
                    assertThat(e.reason()).isEqualTo("must not be null");
                });
    }

    @Test
    void rejectsEmptyString() {
        assertThat(Ogrn.problem("")).contains("must not be blank");
    }

    @Test
    void rejectsBlankString() {
        assertThat(Ogrn.problem(" \t")).contains("must not be blank");
    }

    @Test
    void rejectsLetters() {
        assertThat(Ogrn.problem("10277001321X5")).contains("must contain digits only");
    }

    @Test
    void rejectsFourteenDigits() {
        assertThat(Ogrn.problem("10277001321950")).contains("must be 13 or 15 digits, got 14");
    }

    @Test
    void rejectsThirteenDigitOgrnWithWrongCheckDigit() {
        assertThat(Ogrn.problem("1027700132196")).contains("check digit is 6, expected 5");
    }

    @Test
    void rejectsFifteenDigitOgrnipWithWrongCheckDigit() {
        assertThat(Ogrn.problem("304500116000158")).contains("check digit is 8, expected 7");
    }

    @Test
    void rejectsThirteenZeros() {
        assertThat(Ogrn.problem("0000000000000")).contains("must not be all zeros");
    }

    @Test
    void rejectsFifteenZeros() {
        assertThat(Ogrn.problem("000000000000000")).contains("must not be all zeros");
    }

    @Test
    void organisationAcceptsThirteenDigitOgrn() {
        assertThat(Ogrn.organisation(SBERBANK)).isEqualTo(Ogrn.of(SBERBANK));
    }

    @Test
    void organisationRejectsValidOgrnip() {
        assertThatThrownBy(() -> Ogrn.organisation(ENTREPRENEUR))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ОГРН '304500116000157': must be 13 digits, got 15");
    }

    @Test
    void organisationRejectsWrongCheckDigit() {
        assertThatThrownBy(() -> Ogrn.organisation("1027700132196"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ОГРН '1027700132196': check digit is 6, expected 5");
    }

    @Test
    void individualEntrepreneurAcceptsFifteenDigitOgrnip() {
        assertThat(Ogrn.individualEntrepreneur(ENTREPRENEUR)).isEqualTo(Ogrn.of(ENTREPRENEUR));
    }

    @Test
    void individualEntrepreneurRejectsValidOgrn() {
        assertThatThrownBy(() -> Ogrn.individualEntrepreneur(SBERBANK))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ОГРНИП '1027700132195': must be 15 digits, got 13");
    }

    @Test
    void individualEntrepreneurRejectsNull() {
        assertThatThrownBy(() -> Ogrn.individualEntrepreneur(null))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ОГРНИП 'null': must not be null");
    }
}
