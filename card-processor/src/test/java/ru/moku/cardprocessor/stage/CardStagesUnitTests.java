package ru.moku.cardprocessor.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import ru.moku.model.intake.CardStage;

/**
 * The moves {@link CardStages} makes, as {@link CardStage#reachedFrom()} allows them, without a database: the
 * condition of every move ({@code stage = ANY(sources)}) only lets a card go forward, so a late or repeated message
 * never moves it back.
 */
class CardStagesUnitTests {

    /** The flow's order (seed 000): a card in a later stage is further on. FLAGGED and FAILED leave the flow. */
    private static final List<CardStage> FLOW = List.of(CardStage.RECEIVED, CardStage.ENRICHED, CardStage.REGISTERED,
            CardStage.CREATED_IN_LKO, CardStage.LINK_SENT, CardStage.SURVEY_COMPLETED);

    private final CardStages stages = new CardStages(null, null);

    @Test
    void aCardFurtherOnOrThereAlreadyIsNotMovedByALateMessage() {
        for (CardStage to : FLOW) {
            for (CardStage current : FLOW.subList(FLOW.indexOf(to), FLOW.size())) {
                assertThat(Arrays.asList(CardStages.sources(to))).as("a card in %s moved to %s", current, to)
                        .doesNotContain(current.name());
            }
        }
    }

    @Test
    void everyMoveGoesForwardInTheFlow() {
        for (CardStage to : FLOW) {
            for (String source : CardStages.sources(to)) {
                assertThat(FLOW.indexOf(CardStage.valueOf(source))).as("%s reached from %s", to, source)
                        .isLessThan(FLOW.indexOf(to));
            }
        }
    }

    @Test
    void aFlaggedCardIsMovedNowhere() {
        for (CardStage to : CardStage.values()) {
            assertThat(CardStages.sources(to)).as("sources of %s", to).doesNotContain(CardStage.FLAGGED.name());
        }
    }

    @Test
    void aFailedCardIsMovedNowhere() {
        for (CardStage to : CardStage.values()) {
            assertThat(CardStages.sources(to)).as("sources of %s", to).doesNotContain(CardStage.FAILED.name());
        }
    }

    @Test
    void eachStepOfTheFlowIsAMoveFromTheStepBefore() {
        for (int i = 1; i < FLOW.size(); i++) {
            assertThat(CardStages.sources(FLOW.get(i))).as("sources of %s", FLOW.get(i))
                    .contains(FLOW.get(i - 1).name());
        }
    }

    @Test
    void messagesThatOvertakeEachOtherMayJumpAStep() {
        // ЛКО's announcement may arrive before ПОС.ОС's answer; the survey's answers before SMEV's acceptance.
        assertThat(CardStages.sources(CardStage.CREATED_IN_LKO)).containsExactly("ENRICHED", "REGISTERED");
        assertThat(CardStages.sources(CardStage.SURVEY_COMPLETED)).containsExactly("CREATED_IN_LKO", "LINK_SENT");
        assertThat(CardStages.sources(CardStage.ENRICHED)).containsExactly("RECEIVED");
        assertThat(CardStages.sources(CardStage.REGISTERED)).containsExactly("ENRICHED");
        assertThat(CardStages.sources(CardStage.LINK_SENT)).containsExactly("CREATED_IN_LKO");
    }

    @Test
    void noCardIsMovedIntoAStageCardsAreStoredIn() {
        for (CardStage initial : List.of(CardStage.RECEIVED, CardStage.FLAGGED)) {
            StepVerifier.create(stages.advance(UUID.randomUUID(), initial, "late", null))
                    .expectError(IllegalArgumentException.class)
                    .verify(Duration.ofSeconds(30));
        }
    }

    @Test
    void aCardIsStoredOnlyInAnInitialStage() {
        StepVerifier.create(stages.enter(UUID.randomUUID(), CardStage.ENRICHED, "skipping ahead", null))
                .expectError(IllegalArgumentException.class)
                .verify(Duration.ofSeconds(30));
    }
}
