package ru.moku.simulators.dadata;

import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;

/**
 * Which party an identifier names, and its other identifier: the directory keys every party by its ИНН and
 * derives ИНН and ОГРН from each other so that a party asked for by ОГРН is the one asked for by ИНН.
 *
 * <p>A legal entity's ИНН (10 digits) has 9 free digits, its ОГРН (13) 12: the ОГРН made from an ИНН is
 * sign, year, then the ИНН's region, tax office and record number; the ИНН made from an ОГРН takes those
 * back. So ИНН → ОГРН → ИНН is the identity, and an ОГРН asked for names the party of the ИНН inside it
 * (keeping the asked ОГРН). The same for an individual entrepreneur's ИНН (12 digits) and ОГРНИП (15).
 */
final class PartyIdentifiers {

    /** The kind of an identifier asked for, by its length once it passed validation. */
    enum Kind {
        LEGAL_ENTITY_INN, PERSON_INN, OGRN, OGRNIP, INVALID;

        boolean legalEntity() {
            return this == LEGAL_ENTITY_INN || this == OGRN;
        }

        boolean inn() {
            return this == LEGAL_ENTITY_INN || this == PERSON_INN;
        }
    }

    private PartyIdentifiers() {
    }

    static Kind kind(String identifier) {
        if (identifier == null) {
            return Kind.INVALID;
        }
        return switch (identifier.length()) {
            case 10 -> Inn.problem(identifier).isEmpty() ? Kind.LEGAL_ENTITY_INN : Kind.INVALID;
            case 12 -> Inn.problem(identifier).isEmpty() ? Kind.PERSON_INN : Kind.INVALID;
            case 13 -> Ogrn.problem(identifier).isEmpty() ? Kind.OGRN : Kind.INVALID;
            case 15 -> Ogrn.problem(identifier).isEmpty() ? Kind.OGRNIP : Kind.INVALID;
            default -> Kind.INVALID;
        };
    }

    /** The ИНН inside a valid ОГРН or ОГРНИП; empty if those digits make no valid ИНН (all zeros). */
    static Optional<String> innOf(String ogrn) {
        // ОГРН: sign (1), year (2), region (2), tax office (2), record (5), check. ОГРНИП: sign, year, region, 9 digits, check.
        String digits = ogrn.length() == 13 ? ogrn.substring(3, 12) : ogrn.substring(3, 13);
        return Optional.ofNullable(withCheckDigits(digits, digits.length() == 9 ? 1 : 2, Inn::problem));
    }

    /** The ОГРН (for a 10-digit ИНН) or ОГРНИП (for a 12-digit one) made from {@code inn}, sign and year drawn from {@code random}. */
    static String ogrnOf(String inn, RandomGenerator random) {
        String year = "%02d".formatted(random.nextInt(2, 25));
        if (inn.length() == 10) {
            // Sign 5 marks records made after 2002 by a newer procedure; most are 1.
            String sign = random.nextInt(5) == 0 ? "5" : "1";
            return withCheckDigits(sign + year + inn.substring(0, 9), 1, Ogrn::problem);
        }
        return withCheckDigits("3" + year + inn.substring(0, 10) + random.nextInt(10), 1, Ogrn::problem);
    }

    /**
     * {@code digits} completed with its check digit(s), or {@code null} if no candidate is valid. The formulas
     * live (package-private) in shared-model; trying the candidates against its public validators keeps one
     * definition of "valid" in the platform.
     */
    private static String withCheckDigits(String digits, int checkDigits, Function<String, Optional<String>> problem) {
        int candidates = checkDigits == 1 ? 10 : 100;
        for (int i = 0; i < candidates; i++) {
            String candidate = digits + (checkDigits == 1 ? String.valueOf(i) : "%02d".formatted(i));
            if (problem.apply(candidate).isEmpty()) {
                return candidate;
            }
        }
        return null;
    }
}
