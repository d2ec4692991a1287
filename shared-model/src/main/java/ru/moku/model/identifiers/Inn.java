package ru.moku.model.identifiers;

import java.util.Optional;

/**
 * A taxpayer identification number (ИНН): 10 digits for a legal entity, 12 for a person, the last
 * one or two being check digits. Valid by construction.
 *
 * @param value the ИНН's digits
 * @throws InvalidIdentifierException if {@code value} is not a valid ИНН
 */
public record Inn(String value) {

    static final String KIND = "ИНН";

    private static final int LEGAL_ENTITY_LENGTH = 10;
    private static final int PERSON_LENGTH = 12;
    private static final int[] LEGAL_ENTITY_WEIGHTS = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] PERSON_FIRST_WEIGHTS = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    private static final int[] PERSON_SECOND_WEIGHTS = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

    public Inn {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new InvalidIdentifierException(KIND, value, problem.get());
        }
    }

    /** The ИНН {@code value}; same as the constructor. */
    public static Inn of(String value) {
        return new Inn(value);
    }

    /**
     * Why {@code candidate} is not a valid ИНН, or empty if it is; for callers that flag invalid
     * input instead of rejecting it.
     */
    public static Optional<String> problem(String candidate) {
        Optional<String> formProblem = Digits.formProblem(candidate);
        if (formProblem.isPresent()) {
            return formProblem;
        }
        if (candidate.length() != LEGAL_ENTITY_LENGTH && candidate.length() != PERSON_LENGTH) {
            return Optional.of(Digits.lengthProblem("10 or 12", candidate));
        }
        // A row of zeros passes the checksum, but it is a placeholder, not an ИНН.
        if (Digits.isAllZeros(candidate)) {
            return Optional.of("must not be all zeros");
        }
        return candidate.length() == LEGAL_ENTITY_LENGTH
                ? legalEntityCheckDigitProblem(candidate)
                : personCheckDigitProblem(candidate);
    }

    /** Whether this is a legal entity's ИНН (10 digits). */
    public boolean isLegalEntity() {
        return value.length() == LEGAL_ENTITY_LENGTH;
    }

    /** Whether this is a person's ИНН (12 digits). */
    public boolean isPerson() {
        return value.length() == PERSON_LENGTH;
    }

    /**
     * The check digit (10th) of a legal entity's ИНН whose first 9 digits are {@code digits}' (public for generators
     * of test data, such as the simulators').
     */
    public static int legalEntityCheckDigit(String digits) {
        return Digits.weightedCheckDigit(digits, LEGAL_ENTITY_WEIGHTS);
    }

    /** The first check digit (11th) of a person's ИНН whose first 10 digits are {@code digits}'. */
    public static int personFirstCheckDigit(String digits) {
        return Digits.weightedCheckDigit(digits, PERSON_FIRST_WEIGHTS);
    }

    /** The second check digit (12th) of a person's ИНН whose first 11 digits are {@code digits}'. */
    public static int personSecondCheckDigit(String digits) {
        return Digits.weightedCheckDigit(digits, PERSON_SECOND_WEIGHTS);
    }

    private static Optional<String> legalEntityCheckDigitProblem(String digits) {
        int actual = Digits.digitAt(digits, 9);
        int expected = legalEntityCheckDigit(digits);
        return actual == expected
                ? Optional.empty()
                : Optional.of(Digits.checkDigitProblem("check digit", actual, expected));
    }

    private static Optional<String> personCheckDigitProblem(String digits) {
        int actualFirst = Digits.digitAt(digits, 10);
        int expectedFirst = personFirstCheckDigit(digits);
        if (actualFirst != expectedFirst) {
            return Optional.of(Digits.checkDigitProblem("check digit 11", actualFirst, expectedFirst));
        }
        int actualSecond = Digits.digitAt(digits, 11);
        int expectedSecond = personSecondCheckDigit(digits);
        if (actualSecond != expectedSecond) {
            return Optional.of(Digits.checkDigitProblem("check digit 12", actualSecond, expectedSecond));
        }
        return Optional.empty();
    }
}
