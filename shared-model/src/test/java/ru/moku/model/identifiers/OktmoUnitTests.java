package ru.moku.model.identifiers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OktmoUnitTests {

    // ОКТМО has no check digit; 45 is Moscow's region code.
    private static final String MUNICIPALITY = "45397000";
    private static final String SETTLEMENT = "45397000001";

    @Test
    void acceptsEightDigitOktmo() {
        assertThat(new Oktmo(MUNICIPALITY).value()).isEqualTo(MUNICIPALITY);
    }

    @Test
    void acceptsElevenDigitOktmo() {
        assertThat(new Oktmo(SETTLEMENT).value()).isEqualTo(SETTLEMENT);
    }

    @Test
    void ofEqualsConstructor() {
        assertThat(Oktmo.of(MUNICIPALITY)).isEqualTo(new Oktmo(MUNICIPALITY));
    }

    @Test
    void problemIsEmptyForValidOktmo() {
        assertThat(Oktmo.problem(SETTLEMENT)).isEmpty();
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new Oktmo(null))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("ОКТМО 'null': must not be null");
    }

    @Test
    void rejectsEmptyString() {
        assertThat(Oktmo.problem("")).contains("must not be blank");
    }

    @Test
    void rejectsBlankString() {
        assertThat(Oktmo.problem("        ")).contains("must not be blank");
    }

    @Test
    void rejectsLetters() {
        assertThat(Oktmo.problem("4539700O")).contains("must contain digits only");
    }

    @Test
    void rejectsSevenDigits() {
        assertThat(Oktmo.problem("4539700")).contains("must be 8 or 11 digits, got 7");
    }

    @Test
    void rejectsNineDigits() {
        assertThat(Oktmo.problem("453970000")).contains("must be 8 or 11 digits, got 9");
    }

    @Test
    void rejectsAllZeros() {
        assertThat(Oktmo.problem("00000000")).contains("must not be all zeros");
    }

    @Test
    void ofRejectsWhatProblemReports() {
        assertThatThrownBy(() -> Oktmo.of("453970000"))
                .isInstanceOfSatisfying(InvalidIdentifierException.class, e -> {
                    assertThat(e.kind()).isEqualTo("ОКТМО");
                    assertThat(e.value()).isEqualTo("453970000");
                    assertThat(e.reason()).isEqualTo("must be 8 or 11 digits, got 9");
                });
    }
}
