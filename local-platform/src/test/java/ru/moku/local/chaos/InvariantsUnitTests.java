package ru.moku.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InvariantsUnitTests {

    /** 100 messages, 2 wrong ИНН, 3 cards refused by ЛКО, 5 surveys answered: everything as it should be. */
    static Observation healthy() {
        return new Observation(100, 2, 100, 0, 0, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 3L, "LINK_SENT", 90L, "SURVEY_COMPLETED", 5L), 3, 3, 5,
                98, 0, 95, 0, 0, 95, 0, 0, 0, 100, 100, Map.of("qal", 0L, "smev", 0L), 0, 0, 0, 0,
                0, 0, Map.of("pos_os LKO_REJECTED", 3L));
    }

    @Test
    void aHealthyBatchPassesEveryInvariant() {
        List<Check> checks = Invariants.evaluate(healthy());

        assertThat(checks).allSatisfy(check -> assertThat(check.pass()).as(check.toString()).isTrue());
        assertThat(Invariants.allPass(checks)).isTrue();
        assertThat(checks).extracting(Check::name).doesNotContain("poison message dead-lettered with an incident");
    }

    @Test
    void aLostCardAndADoubledOneFailWithWhatIsWrong() {
        Observation o = healthy();
        Observation lost = new Observation(o.messages(), o.invalidInnCards(), 98, 1, 1, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 3L, "LINK_SENT", 90L, "SURVEY_COMPLETED", 5L, "RECEIVED", 1L), 3, 3,
                5, 98, 0, 95, 0, 0, 95, 0, 0, 0, 100, 100, Map.of(), 0, 0, 0, 0, 0, 0, Map.of());

        Check check = find(Invariants.evaluate(lost), "SMEV message → exactly one card");

        assertThat(check.pass()).isFalse();
        assertThat(check.expected()).isEqualTo("100");
        assertThat(check.actual()).isEqualTo("98 (missing 1, doubled 1)");
    }

    @Test
    void aCardStuckBeforeItsEndStageFailsAndNamesTheStage() {
        Observation stuck = new Observation(100, 2, 100, 0, 0, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 4L, "LINK_SENT", 89L, "SURVEY_COMPLETED", 5L), 3, 3, 5,
                98, 0, 95, 0, 0, 94, 0, 0, 0, 100, 100, Map.of(), 0, 0, 0, 0, 0, 0, Map.of());

        List<Check> checks = Invariants.evaluate(stuck);

        Check atEnd = find(checks, "valid card at LINK_SENT / SURVEY_COMPLETED");
        assertThat(atEnd.pass()).isFalse();
        assertThat(atEnd.actual()).isEqualTo("94 (ENRICHED 4)");
        assertThat(find(checks, "card → exactly one survey link sent through SMEV").pass()).isFalse();
        assertThat(Invariants.allPass(checks)).isFalse();
    }

    @Test
    void doublesOfOrganisationsLinksAndAnswersFail() {
        Observation doubled = new Observation(100, 2, 100, 0, 0, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 3L, "LINK_SENT", 90L, "SURVEY_COMPLETED", 5L), 3, 3, 5,
                97, 1, 94, 1, 1, 94, 1, 2, 1, 100, 100, Map.of(), 0, 0, 0, 0, 0, 0, Map.of());

        List<Check> checks = Invariants.evaluate(doubled);

        assertThat(find(checks, "card → exactly one ПОС.ОС organisation").actual()).isEqualTo("97 (doubled 1)");
        assertThat(find(checks, "card → exactly one ЛКО organisation").actual())
                .isEqualTo("94 (doubled 1, refused yet in ЛКО 1)");
        assertThat(find(checks, "refused card → no ЛКО organisation").pass()).isFalse();
        assertThat(find(checks, "card → exactly one survey link sent through SMEV").actual())
                .isEqualTo("94 (sent twice or more 1, to cards that should get none 2)");
        assertThat(find(checks, "card → at most one answer registration").pass()).isFalse();
    }

    @Test
    void unpublishedOutboxRowsAnUnstoredAckAndADeadLetterWithoutIncidentFail() {
        Observation o = new Observation(100, 2, 100, 0, 0, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 3L, "LINK_SENT", 90L, "SURVEY_COMPLETED", 5L), 3, 3, 5,
                98, 0, 95, 0, 0, 95, 0, 0, 0, 100, 99, Map.of("qal", 2L, "smev", 0L, "lko", 1L), 4, 3, 13, 12,
                0, 0, Map.of());

        List<Check> checks = Invariants.evaluate(o);

        Check outbox = find(checks, "outbox rows left unpublished");
        assertThat(outbox.pass()).isFalse();
        assertThat(outbox.actual()).isEqualTo("3 (lko 1, qal 2)");
        assertThat(find(checks, "acknowledged SMEV message stored").pass()).isFalse();
        assertThat(find(checks, "dead-lettered message → incident").actual()).isEqualTo("3");
        Check poison = find(checks, "poison message dead-lettered with an incident");
        assertThat(poison.expected()).isEqualTo("13");
        assertThat(poison.pass()).isFalse();
    }

    @Test
    void aPartyLeftWithoutOktmoAndWithoutAnIncidentFails() {
        Observation o = new Observation(100, 2, 100, 0, 0, 100,
                Map.of("FLAGGED", 2L, "ENRICHED", 3L, "LINK_SENT", 90L, "SURVEY_COMPLETED", 5L), 3, 3, 5,
                98, 0, 95, 0, 0, 95, 0, 0, 0, 100, 100, Map.of(), 0, 0, 0, 0, 4, 3,
                Map.of("enrichment DADATA_LOOKUP_FAILED", 3L));

        Check oktmo = find(Invariants.evaluate(o), "party without ОКТМО (lookup FAILED) → Dadata incident");

        assertThat(oktmo.pass()).isFalse();
        assertThat(oktmo.expected()).isEqualTo("4");
        assertThat(oktmo.actual()).isEqualTo("3");
    }

    private static Check find(List<Check> checks, String name) {
        return checks.stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }
}
