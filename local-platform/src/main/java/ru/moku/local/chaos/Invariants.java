package ru.moku.local.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The promise "nothing lost, nothing doubled" as checks of one {@link Observation}: pure logic, no I/O.
 *
 * <p>Expected end stages (as the local run's demo and end-to-end tests have them): a card with a wrong ИНН is
 * FLAGGED; a card whose organisation ЛКО refused stays ENRICHED (ПОС.ОС MANUAL_REVIEW, an LKO_REJECTED incident);
 * every other card is LINK_SENT, or SURVEY_COMPLETED when its survey was answered.
 */
public final class Invariants {

    private Invariants() {
    }

    public static List<Check> evaluate(Observation o) {
        List<Check> checks = new ArrayList<>();
        long flagged = o.invalidInnCards();
        long notFlagged = o.messages() - flagged;
        long inLko = notFlagged - o.refusedCards();
        checks.add(Check.equal("SMEV message → exactly one card", o.messages(), o.messagesWithOneCard(),
                detail("missing", o.messagesWithoutCard(), "doubled", o.messagesWithSeveralCards())));
        checks.add(Check.equal("raw message processed (status 3)", o.messages(), o.rawProcessed(), ""));
        long atEnd = o.cardsInStage("LINK_SENT") + o.cardsInStage("SURVEY_COMPLETED");
        checks.add(Check.equal("valid card at LINK_SENT / SURVEY_COMPLETED", inLko, atEnd,
                otherStages(o.cardsByStage())));
        checks.add(Check.equal("answered survey → SURVEY_COMPLETED", o.answered(), o.cardsInStage("SURVEY_COMPLETED"),
                ""));
        checks.add(Check.equal("wrong ИНН → FLAGGED", flagged, o.cardsInStage("FLAGGED"), ""));
        checks.add(Check.equal("ЛКО-refused card stays ENRICHED", o.refusedCards(), o.refusedCardsEnriched(), ""));
        checks.add(Check.equal("card → exactly one ПОС.ОС organisation", notFlagged, o.cardsWithOnePosOs(),
                detail("doubled", o.cardsWithSeveralPosOs())));
        checks.add(Check.equal("card → exactly one ЛКО organisation", inLko, o.cardsWithOneLko(),
                detail("doubled", o.cardsWithSeveralLko(), "refused yet in ЛКО", o.refusedCardsInLko())));
        checks.add(new Check("refused card → no ЛКО organisation", "0", String.valueOf(o.refusedCardsInLko()),
                o.refusedCardsInLko() == 0));
        checks.add(Check.equal("card → exactly one survey link sent through SMEV", inLko, o.cardsWithOneLink(),
                detail("sent twice or more", o.cardsWithSeveralLinks(), "to cards that should get none",
                        o.linksToOtherCards())));
        checks.add(new Check("card → at most one answer registration", "0 cards with more",
                String.valueOf(o.cardsWithSeveralAnswers()), o.cardsWithSeveralAnswers() == 0));
        checks.add(Check.equal("acknowledged SMEV message stored", o.acknowledged(), o.acknowledgedStored(), ""));
        long unpublished = o.outboxUnpublished().values().stream().mapToLong(Long::longValue).sum();
        checks.add(new Check("outbox rows left unpublished", "0", unpublished == 0 ? "0"
                : unpublished + " (" + nonZero(o.outboxUnpublished()) + ")", unpublished == 0));
        checks.add(Check.equal("dead-lettered message → incident", o.deadLettered(), o.deadLetteredWithIncident(), ""));
        checks.add(Check.equal("party without ОКТМО (lookup FAILED) → Dadata incident", o.partiesWithoutOktmo(),
                o.partiesWithoutOktmoWithIncident(), ""));
        if (o.poisonPublished() > 0) {
            checks.add(Check.equal("poison message dead-lettered with an incident", o.poisonPublished(),
                    o.poisonWithIncident(), ""));
        }
        return checks;
    }

    public static boolean allPass(List<Check> checks) {
        return checks.stream().allMatch(Check::pass);
    }

    /** "missing 2, doubled 1" for the non-zero ones of name/value pairs. */
    static String detail(Object... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            long value = ((Number) pairs[i + 1]).longValue();
            if (value != 0) {
                parts.add(pairs[i] + " " + value);
            }
        }
        return String.join(", ", parts);
    }

    /** The stages other than the expected end stages with their cards, e.g. "ENRICHED 3, RECEIVED 1". */
    private static String otherStages(Map<String, Long> byStage) {
        Map<String, Long> others = new TreeMap<>(byStage);
        others.keySet().removeAll(List.of("LINK_SENT", "SURVEY_COMPLETED", "FLAGGED"));
        return nonZero(others);
    }

    private static String nonZero(Map<String, Long> counts) {
        return new TreeMap<>(counts).entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
