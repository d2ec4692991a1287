package ru.moku.model.identifiers;

import java.util.Optional;

/**
 * A primary state registration number: ОГРН (13 digits) of an organisation or ОГРНИП (15 digits)
 * of an individual entrepreneur, the last digit being a check digit. Valid by construction.
 *
 * @param value the number's digits
 * @throws InvalidIdentifierException if {@code value} is neither a valid ОГРН nor a valid ОГРНИП
 */
public record Ogrn(String value) {

    static final String KIND = "ОГРН";
    static final String INDIVIDUAL_ENTREPRENEUR_KIND = "ОГРНИП";

    private static final int ORGANISATION_LENGTH = 13;
    private static final int INDIVIDUAL_ENTREPRENEUR_LENGTH = 15;

    public Ogrn {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new InvalidIdentifierException(KIND, value, problem.get());
        }
    }

    /** The ОГРН or ОГРНИП {@code value}; same as the constructor. */
    public static Ogrn of(String value) {
        return new Ogrn(value);
    }

    /**
     * An organisation's ОГРН: rejects an ОГРНИП, for fields where only an organisation may appear.
     *
     * @throws InvalidIdentifierException of kind {@code ОГРН} unless {@code value} is a valid 13-digit ОГРН
     */
    public static Ogrn organisation(String value) {
        return ofLength(KIND, value, ORGANISATION_LENGTH);
    }

    /**
     * An individual entrepreneur's ОГРНИП: rejects an organisation's ОГРН.
     *
     * @throws InvalidIdentifierException of kind {@code ОГРНИП} unless {@code value} is a valid 15-digit ОГРНИП
     */
    public static Ogrn individualEntrepreneur(String value) {
        return ofLength(INDIVIDUAL_ENTREPRENEUR_KIND, value, INDIVIDUAL_ENTREPRENEUR_LENGTH);
    }

    /**
     * Why {@code candidate} is neither a valid ОГРН nor a valid ОГРНИП, or empty if it is one; for
     * callers that flag invalid input instead of rejecting it.
     */
    public static Optional<String> problem(String candidate) {
        Optional<String> formProblem = Digits.formProblem(candidate);
        if (formProblem.isPresent()) {
            return formProblem;
        }
        if (candidate.length() != ORGANISATION_LENGTH && candidate.length() != INDIVIDUAL_ENTREPRENEUR_LENGTH) {
            return Optional.of(Digits.lengthProblem("13 or 15", candidate));
        }
        return contentProblem(candidate);
    }

    /** Whether this is an individual entrepreneur's ОГРНИП (15 digits) rather than an organisation's ОГРН. */
    public boolean isIndividualEntrepreneur() {
        return value.length() == INDIVIDUAL_ENTREPRENEUR_LENGTH;
    }

    /**
     * The check digit of an ОГРН (13 digits long, from its first 12) or an ОГРНИП (15 digits long,
     * from its first 14) whose leading digits are {@code digits}'.
     */
    public static int checkDigit(String digits, int length) {
        return length == ORGANISATION_LENGTH
                ? Digits.remainder(digits, 12, 11) % 10
                : Digits.remainder(digits, 14, 13) % 10;
    }

    private static Ogrn ofLength(String kind, String value, int length) {
        Optional<String> problem = Digits.formProblem(value)
                .or(() -> value.length() == length
                        ? contentProblem(value)
                        : Optional.of(Digits.lengthProblem(String.valueOf(length), value)));
        if (problem.isPresent()) {
            throw new InvalidIdentifierException(kind, value, problem.get());
        }
        return new Ogrn(value);
    }

    private static Optional<String> contentProblem(String digits) {
        // A row of zeros passes the checksum, but it is a placeholder, not a registration number.
        if (Digits.isAllZeros(digits)) {
            return Optional.of("must not be all zeros");
        }
        int actual = Digits.digitAt(digits, digits.length() - 1);
        int expected = checkDigit(digits, digits.length());
        return actual == expected
                ? Optional.empty()
                : Optional.of(Digits.checkDigitProblem("check digit", actual, expected));
    }
}
