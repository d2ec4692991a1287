package ru.moku.cardprocessor.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.party.FounderKind;

/**
 * Validates the identifiers of a card (seed 000 step 6): the organisation's 10-digit ИНН and 13-digit
 * ОГРН; a legal-entity founder's ИНН and ОГРН; a person founder's 12-digit ИНН and optional ОГРНИП.
 * A wrong identifier flags the card; it never loses it.
 */
final class IdentifierCheck {

    private IdentifierCheck() {
    }

    /** The outcome for one card: which identifiers are valid and every problem, in words. */
    record Result(boolean organisationInnValid, boolean organisationOgrnValid, boolean founderInnValid,
                  boolean founderOgrnValid, List<String> problems) {

        boolean valid() {
            return problems.isEmpty();
        }
    }

    static Result check(ServiceCard card) {
        List<String> problems = new ArrayList<>();
        ServiceCard.Organisation organisation = card.organisation();
        ServiceCard.Founder founder = card.founder();
        boolean orgInn = collect(problems, "organisation ИНН", legalEntityInnProblem(organisation.inn()));
        boolean orgOgrn = collect(problems, "organisation ОГРН", organisationOgrnProblem(organisation.ogrn()));
        boolean founderInn;
        boolean founderOgrn;
        if (founder.kind() == FounderKind.LEGAL_ENTITY) {
            founderInn = collect(problems, "founder ИНН", legalEntityInnProblem(founder.inn()));
            founderOgrn = collect(problems, "founder ОГРН", organisationOgrnProblem(founder.ogrn()));
        } else {
            founderInn = collect(problems, "founder ИНН", personInnProblem(founder.inn()));
            founderOgrn = founder.ogrn() == null || founder.ogrn().isEmpty()
                    || collect(problems, "founder ОГРНИП", ogrnipProblem(founder.ogrn()));
        }
        return new Result(orgInn, orgOgrn, founderInn, founderOgrn, List.copyOf(problems));
    }

    private static boolean collect(List<String> problems, String what, Optional<String> problem) {
        problem.ifPresent(reason -> problems.add(what + ": " + reason));
        return problem.isEmpty();
    }

    private static Optional<String> legalEntityInnProblem(String value) {
        return Inn.problem(value).or(() -> value.length() == 10 ? Optional.empty()
                : Optional.of("an organisation's ИНН has 10 digits, got " + value.length()));
    }

    private static Optional<String> personInnProblem(String value) {
        return Inn.problem(value).or(() -> value.length() == 12 ? Optional.empty()
                : Optional.of("a person's ИНН has 12 digits, got " + value.length()));
    }

    private static Optional<String> organisationOgrnProblem(String value) {
        return Ogrn.problem(value).or(() -> value.length() == 13 ? Optional.empty()
                : Optional.of("an organisation's ОГРН has 13 digits, got " + value.length()));
    }

    private static Optional<String> ogrnipProblem(String value) {
        return Ogrn.problem(value).or(() -> value.length() == 15 ? Optional.empty()
                : Optional.of("an ОГРНИП has 15 digits, got " + value.length()));
    }
}
