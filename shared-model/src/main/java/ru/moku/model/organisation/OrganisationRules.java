package ru.moku.model.organisation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.model.party.FounderKind;

/**
 * What makes an organisation and its founder acceptable on both sides of the hand-off (ПОС.ОС and ЛКО, seed 000
 * steps 8–11), in one place: identifiers by their check digits and of the length their kind needs, a name, a founder
 * consistent with its kind, an ОКТМО well-formed when present. Each service adds the fields only it has and turns the
 * problems into its own answer (a 422 listing every field).
 */
public final class OrganisationRules {

    private OrganisationRules() {
    }

    /**
     * One invalid field.
     *
     * @param field   the field's path in the request ({@code inn}, {@code founder.lastName}, …)
     * @param message what is wrong with it
     */
    public record Problem(String field, String message) {
    }

    /** The organisation's own fields: a name, an ИНН of 10 digits, an ОГРН of 13, an ОКТМО when given. */
    public static List<Problem> organisation(String name, String inn, String ogrn, String oktmo) {
        List<Problem> problems = new ArrayList<>();
        if (isBlank(name)) {
            problems.add(new Problem("name", "must not be blank"));
        }
        check(problems, "inn", identifierProblem(inn, Inn::problem, 10));
        check(problems, "ogrn", identifierProblem(ogrn, Ogrn::problem, 13));
        check(problems, "oktmo", oktmoProblem(oktmo));
        return problems;
    }

    /**
     * The founder, consistent with its kind: a legal entity has a name, an ИНН of 10 digits and an ОГРН of 13; a person
     * a last and a first name, an ИНН of 12 digits and, if any, an ОГРНИП of 15; an ОКТМО when given. Fields under
     * {@code founder.}.
     */
    public static List<Problem> founder(FounderKind kind, String name, String lastName, String firstName, String inn,
                                        String ogrn, String oktmo) {
        List<Problem> problems = new ArrayList<>();
        if (kind == FounderKind.LEGAL_ENTITY) {
            if (isBlank(name)) {
                problems.add(new Problem("founder.name", "a legal entity founder needs a name"));
            }
            check(problems, "founder.inn", identifierProblem(inn, Inn::problem, 10));
            check(problems, "founder.ogrn", identifierProblem(ogrn, Ogrn::problem, 13));
        } else if (kind == FounderKind.PERSON) {
            if (isBlank(lastName)) {
                problems.add(new Problem("founder.lastName", "a person founder needs a last name"));
            }
            if (isBlank(firstName)) {
                problems.add(new Problem("founder.firstName", "a person founder needs a first name"));
            }
            check(problems, "founder.inn", identifierProblem(inn, Inn::problem, 12));
            if (!isBlank(ogrn)) {
                check(problems, "founder.ogrn", identifierProblem(ogrn, Ogrn::problem, 15));
            }
        } else {
            problems.add(new Problem("founder.kind", "must be " + FounderKind.LEGAL_ENTITY + " or " + FounderKind.PERSON));
        }
        check(problems, "founder.oktmo", oktmoProblem(oktmo));
        return problems;
    }

    /** A valid identifier of its type, of the length this place needs (ИНН 10 or 12, ОГРН 13, ОГРНИП 15). */
    private static Optional<String> identifierProblem(String value, Function<String, Optional<String>> typeProblem,
                                                      int length) {
        return typeProblem.apply(value).or(() -> value.length() == length ? Optional.empty()
                : Optional.of("must have " + length + " digits here, got " + value.length()));
    }

    private static Optional<String> oktmoProblem(String value) {
        return value == null ? Optional.empty() : Oktmo.problem(value);
    }

    private static void check(List<Problem> problems, String field, Optional<String> problem) {
        problem.ifPresent(message -> problems.add(new Problem(field, message)));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
