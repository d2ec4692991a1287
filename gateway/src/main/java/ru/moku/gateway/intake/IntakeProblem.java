package ru.moku.gateway.intake;

import java.util.Objects;

/**
 * What is wrong with an SMEV message.
 *
 * @param type   the class of problem
 * @param detail precise description: where (line and column when known) and what the parser or
 *               validator said
 */
public record IntakeProblem(ProblemType type, String detail) {

    public IntakeProblem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(detail, "detail");
    }
}
