package ru.moku.model.identifiers;

import java.util.Optional;

/** Checks and check-digit arithmetic shared by the identifier types. */
final class Digits {

    private Digits() {
    }

    /**
     * The problem with the candidate's form, before its length and check digits are looked at:
     * absent, blank, or containing anything but ASCII digits.
     */
    static Optional<String> formProblem(String candidate) {
        if (candidate == null) {
            return Optional.of("must not be null");
        }
        if (candidate.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (!isAsciiDigits(candidate)) {
            return Optional.of("must contain digits only");
        }
        return Optional.empty();
    }

    // Character.isDigit would also accept Arabic-Indic and full-width digits, which SMEV never sends
    // and which would break the arithmetic below.
    private static boolean isAsciiDigits(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static boolean isAllZeros(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    static int digitAt(String digits, int index) {
        return digits.charAt(index) - '0';
    }

    /**
     * (Σ digit × weight mod 11) mod 10 over the first {@code weights.length} digits: the ИНН check
     * digit.
     */
    static int weightedCheckDigit(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += digitAt(digits, i) * weights[i];
        }
        return sum % 11 % 10;
    }

    /** The first {@code length} digits read as a decimal number, modulo {@code divisor}. */
    static int remainder(String digits, int length, int divisor) {
        int remainder = 0;
        for (int i = 0; i < length; i++) {
            remainder = (remainder * 10 + digitAt(digits, i)) % divisor;
        }
        return remainder;
    }

    static String checkDigitProblem(String which, int actual, int expected) {
        return which + " is " + actual + ", expected " + expected;
    }

    static String lengthProblem(String allowed, String digits) {
        return "must be " + allowed + " digits, got " + digits.length();
    }
}
