package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local run's demo ({@link Demo}, what {@code ./run-local.sh} drives) judges its own batch only: other messages
 * reaching the platform while it runs — another batch pulled from SMEV, a malformed push, as anyone may send while
 * {@code --keep-running} — neither make it fail nor count as its cards, and its applicants answer only its own links.
 */
@ExtendWith(SharedEndToEndPlatform.class)
@Order(1)
class LocalRunDemoEndToEndIntegrationTests {

    private static final int CARDS = 100;
    private static final int OTHER_MESSAGES = 40;
    private static final double ANSWER_SHARE = 0.5;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void theDemoCountsItsOwnCardsWhateverElseThePlatformReceivesMeanwhile(EndToEndPlatform endToEnd)
            throws InterruptedException {
        Platform platform = endToEnd.platform();
        PlatformState state = endToEnd.state();
        SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
        long cardsBefore = state.read().cards();
        long invalidBefore = state.read().rawWithStatus(-1);
        // Someone else's batch, with FLAGGED cards of its own, and a malformed push stored as raw message -1.
        SmevSimulatorClient.Batch other = smev.generate(OTHER_MESSAGES, 0.1, 91L);
        assertThat(new SmevPushClient(platform.gatewayUrl(), platform.pushCredentials()).pushXml("<not-smev")
                .status()).as("a malformed push (signed: only the run's adapter may push)").isEqualTo(400);

        Demo.Result result;
        try {
            result = new Demo(platform, state).run(CARDS, 0.05, 0.1, ANSWER_SHARE, RUN_TIMEOUT, line -> { });
        } finally {
            smev.duplicateDeliveries(0);
        }

        assertThat(result.success()).as(result.summary()).isTrue();
        assertThat(result.expectedCards()).isEqualTo(CARDS);
        assertThat(result.expectedFlagged()).as("the demo's batch includes cards with a wrong ИНН").isPositive();
        assertThat(result.last().cards()).as("the demo's cards").isEqualTo(CARDS);
        assertThat(result.last().rawMessages()).as("the demo's raw messages").isEqualTo(CARDS);
        assertThat(result.last().cardsInStage("FLAGGED")).isEqualTo(result.expectedFlagged());
        assertThat(result.surveysAnswered()).as("half of the demo's own links answered")
                .isEqualTo(Math.round((CARDS - result.expectedFlagged()) * ANSWER_SHARE));
        assertThat(result.last().cardsInStage("SURVEY_COMPLETED")).isEqualTo(result.surveysAnswered());
        await("the other batch through as well").atMost(RUN_TIMEOUT)
                .until(() -> Demo.done(state.readBatch(other.messageIds()), OTHER_MESSAGES, other.invalidInnCards()));
        assertThat(other.invalidInnCards()).as("the other batch has FLAGGED cards of its own").isPositive();
        PlatformState.Snapshot otherCards = state.readBatch(other.messageIds());
        assertThat(otherCards.cardsInStage("SURVEY_COMPLETED")).as("links of the other batch answered").isZero();
        PlatformState.Snapshot whole = state.read();
        assertThat(whole.cards()).as("the platform's cards, the demo's and the others")
                .isGreaterThanOrEqualTo(cardsBefore + CARDS + OTHER_MESSAGES);
        assertThat(whole.rawWithStatus(-1)).as("the malformed push, stored").isGreaterThan(invalidBefore);
    }
}
