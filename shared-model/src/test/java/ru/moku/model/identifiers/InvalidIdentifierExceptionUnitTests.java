package ru.moku.model.identifiers;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidIdentifierExceptionUnitTests {

    @Test
    void messageNamesKindValueAndReason() {
        InvalidIdentifierException e = new InvalidIdentifierException("ИНН", "7707083894", "check digit is 4, expected 3");

        assertThat(e).hasMessage("ИНН '7707083894': check digit is 4, expected 3");
    }

    @Test
    void exposesKindValueAndReasonSeparately() {
        InvalidIdentifierException e = new InvalidIdentifierException("ОГРН", "123", "must be 13 or 15 digits, got 3");

        assertThat(e.kind()).isEqualTo("ОГРН");
        assertThat(e.value()).isEqualTo("123");
        assertThat(e.reason()).isEqualTo("must be 13 or 15 digits, got 3");
    }

    @Test
    void messageShowsAbsentValueAsNull() {
        InvalidIdentifierException e = new InvalidIdentifierException("ОКТМО", null, "must not be null");

        assertThat(e).hasMessage("ОКТМО 'null': must not be null");
    }

    @Test
    void isAnIllegalArgumentException() {
        assertThat(new InvalidIdentifierException("ИНН", "", "must not be blank"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
