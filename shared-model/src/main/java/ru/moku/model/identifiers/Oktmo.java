package ru.moku.model.identifiers;

import java.util.Optional;

/**
 * A code of the All-Russian classifier of municipal territories (ОКТМО): 8 digits for a
 * municipality, 11 for a settlement within it. It carries no check digit. Valid by construction.
 *
 * @param value the code's digits
 * @throws InvalidIdentifierException if {@code value} is not a valid ОКТМО
 */
public record Oktmo(String value) {

    static final String KIND = "ОКТМО";

    private static final int MUNICIPALITY_LENGTH = 8;
    private static final int SETTLEMENT_LENGTH = 11;

    public Oktmo {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw new InvalidIdentifierException(KIND, value, problem.get());
        }
    }

    /** The ОКТМО {@code value}; same as the constructor. */
    public static Oktmo of(String value) {
        return new Oktmo(value);
    }

    /**
     * Why {@code candidate} is not a valid ОКТМО, or empty if it is; for callers that flag invalid
     * input instead of rejecting it.
     */
    public static Optional<String> problem(String candidate) {
        Optional<String> formProblem = Digits.formProblem(candidate);
        if (formProblem.isPresent()) {
            return formProblem;
        }
        if (candidate.length() != MUNICIPALITY_LENGTH && candidate.length() != SETTLEMENT_LENGTH) {
            return Optional.of(Digits.lengthProblem("8 or 11", candidate));
        }
        // Every real code starts with a region's code; zeros throughout are a form's placeholder.
        if (Digits.isAllZeros(candidate)) {
            return Optional.of("must not be all zeros");
        }
        return Optional.empty();
    }
}
