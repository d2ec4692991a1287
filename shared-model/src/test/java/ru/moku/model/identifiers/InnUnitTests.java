package ru.moku.model.identifiers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InnUnitTests {

    // Published ИНН of Sberbank, Yandex and Gazprom.
    private static final String SBERBANK = "7707083893";
    private static final String YANDEX = "7736207543";
    private static final String GAZPROM = "7736050003";
    private static final String PERSON = "500100732259";

    @ParameterizedTest
    @ValueSource(strings = {SBERBANK, YANDEX, GAZPROM})
    void acceptsTenDigitInnWithCorrectCheckDigit(String value) {
        assertThat(new Inn(value).value()).isEqualTo(value);
    }

    @Test
    void acceptsTwelveDigitInnWithCorrectCheckDigits() {
        assertThat(new Inn(PERSON).value()).isEqualTo(PERSON);
    }

    @Test
    void weighsEveryDigitOfTwelveDigitInn() {
        // Constructed (check digits computed independently): the published example above has zeros that
        // would hide a wrong weight, this one has none before its check digits.
        assertThat(Inn.problem("771234567859")).isEmpty();
    }

    @Test
    void acceptsTwelveDigitInnWhoseWeightedSumsLeaveRemainderTen() {
        // Constructed: both weighted sums are 10 mod 11, so both check digits are 0.
        assertThat(Inn.problem("771234531500")).isEmpty();
    }

    @Test
    void acceptsTenDigitInnWhoseWeightedSumLeavesRemainderTen() {
        // Constructed from Sberbank's first 8 digits: the weighted sum is 10 mod 11, so the check digit is 0.
        assertThat(Inn.problem("7707083830")).isEmpty();
    }

    @Test
    void tenDigitInnBelongsToLegalEntity() {
        Inn inn = Inn.of(SBERBANK);

        assertThat(inn.isLegalEntity()).isTrue();
        assertThat(inn.isPerson()).isFalse();
    }

    @Test
    void twelveDigitInnBelongsToPerson() {
        Inn inn = Inn.of(PERSON);

        assertThat(inn.isPerson()).isTrue();
        assertThat(inn.isLegalEntity()).isFalse();
    }

    @Test
    void ofEqualsConstructor() {
        assertThat(Inn.of(YANDEX)).isEqualTo(new Inn(YANDEX));
    }

    @Test
    void problemIsEmptyForValidInn() {
        assertThat(Inn.problem(GAZPROM)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new Inn(null))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
                    assertThat(e.kind()).isEqualTo("ИНН");
                    assertThat(e.value()).isNull();
                    assertThat(e.reason()).isEqualTo("must not be null");
                });
    }

    @Test
    void rejectsEmptyString() {
        assertThat(Inn.problem("")).contains("must not be blank");
    }

    @Test
    void rejectsBlankString() {
        assertThat(Inn.problem("   ")).contains("must not be blank");
    }

    @Test
    void rejectsLetters() {
        assertThat(Inn.problem("77070838AB")).contains("must contain digits only");
    }

    @Test
    void rejectsSurroundingWhitespace() {
        assertThat(Inn.problem(" " + SBERBANK)).contains("must contain digits only");
    }

    @Test
    void rejectsNonAsciiDigits() {
        // Arabic-Indic digits spelling Sberbank's ИНН: Character.isDigit accepts them, we do not.
        assertThat(Inn.problem("٧٧٠٧٠٨٣٨٩٣")).contains("must contain digits only");
    }

    @Test
    void rejectsNineDigits() {
        assertThat(Inn.problem("770708389")).contains("must be 10 or 12 digits, got 9");
    }

    @Test
    void rejectsElevenDigits() {
        assertThat(Inn.problem("77070838930")).contains("must be 10 or 12 digits, got 11");
    }

    @Test
    void rejectsTenDigitInnWithWrongCheckDigit() {
        assertThat(Inn.problem("7707083894")).contains("check digit is 4, expected 3");
    }

    @Test
    void rejectsTwelveDigitInnWithWrongEleventhDigit() {
        assertThat(Inn.problem("500100732269")).contains("check digit 11 is 6, expected 5");
    }

    @Test
    void rejectsTwelveDigitInnWithWrongTwelfthDigit() {
        assertThat(Inn.problem("500100732258")).contains("check digit 12 is 8, expected 9");
    }

    @Test
    void rejectsTenZeros() {
        assertThat(Inn.problem("0000000000")).contains("must not be all zeros");
    }

    @Test
    void rejectsTwelveZeros() {
        assertThat(Inn.problem("000000000000")).contains("must not be all zeros");
    }

    @Test
    void ofRejectsWhatProblemReports() {
        assertThatThrownBy(() -> Inn.of("7707083894"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ИНН '7707083894': check digit is 4, expected 3");
    }
}
