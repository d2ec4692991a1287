package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.awaitility.Awaitility.await;

/**
 * SMEV → gateway (pull) → RabbitMQ → card-processor → PostgreSQL (→ enrichment → ПОС.ОС → ЛКО), all real, with the
 * SMEV simulator delivering some messages twice: exactly one card per message, each in its expected stage
 * (in ЛКО or further on, or FLAGGED), whatever is restarted on the way.
 */
class IntakeEndToEndIntegrationTests {

    private static final int MESSAGES = 1_000;
    private static final double INVALID_INN_SHARE = 0.02;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private EndToEndPlatform endToEnd;
    private Platform platform;
    private PlatformState state;
    private SmevSimulatorClient smev;

    @BeforeEach
    void startPlatform() {
        // A message delivered to a gateway that then stopped comes back quickly.
        endToEnd = EndToEndPlatform.start(Map.of("simulators.smev.redelivery-timeout", "3s"));
        platform = endToEnd.platform();
        state = endToEnd.state();
        smev = new SmevSimulatorClient(platform.simulatorUrl());
    }

    @AfterEach
    void stopPlatform() {
        if (endToEnd != null) {
            endToEnd.close();
        }
    }

    @Test
    void everyMessageBecomesExactlyOneCardThoughSmevDeliversSomeTwice() {
        smev.duplicateDeliveries(0.1);
        int flagged = smev.generate(MESSAGES, INVALID_INN_SHARE, 1L);

        awaitAllCards(flagged);

        assertEveryMessageProcessedOnce(flagged);
        await("SMEV holds nothing unacknowledged").atMost(RUN_TIMEOUT).until(() -> smev.stats().matches("(?s).*\"queued\":0,\"inFlight\":0,.*"));
    }

    @Test
    void aGatewayRestartedInTheMiddleOfTheRunLosesAndDoublesNothing() {
        smev.duplicateDeliveries(0.1);
        int flagged = smev.generate(MESSAGES, INVALID_INN_SHARE, 2L);
        await("a third of the cards").atMost(RUN_TIMEOUT).until(() -> state.read().cards() >= MESSAGES / 3);

        platform.stopGateway();
        long storedWhileDown = state.read().cards();
        platform.startGateway();

        assertThat(storedWhileDown).isLessThan(MESSAGES);
        awaitAllCards(flagged);
        assertEveryMessageProcessedOnce(flagged);
    }

    @Test
    void aCardProcessorRestartedInTheMiddleOfTheRunLosesAndDoublesNothing() {
        int flagged = smev.generate(MESSAGES, INVALID_INN_SHARE, 3L);
        await("a third of the cards").atMost(RUN_TIMEOUT).until(() -> state.read().cards() >= MESSAGES / 3);

        platform.stopCardProcessor();
        long storedWhileDown = state.read().cards();
        platform.startCardProcessor();

        assertThat(storedWhileDown).isLessThan(MESSAGES);
        awaitAllCards(flagged);
        assertEveryMessageProcessedOnce(flagged);
    }

    private void awaitAllCards(int flagged) {
        await("every card in its expected stage and every raw message processed").atMost(RUN_TIMEOUT).until(() -> Demo.done(state.read(), MESSAGES, flagged));
    }

    private void assertEveryMessageProcessedOnce(int flagged) {
        PlatformState.Snapshot snapshot = state.read();
        assertThat(snapshot.cards()).isEqualTo(MESSAGES);
        assertThat(snapshot.duplicateCards()).isZero();
        assertThat(snapshot.rawMessages()).isEqualTo(MESSAGES);
        assertThat(snapshot.rawWithStatus(3)).isEqualTo(MESSAGES);
        assertThat(snapshot.instances()).isEqualTo(MESSAGES);
        assertThat(snapshot.instancesByStatus()).containsOnlyKeys(2);
        assertThat(snapshot.cardsInStage("FLAGGED")).isEqualTo(flagged);
        assertThat(flagged).as("the batch includes cards with a wrong ИНН").isPositive();
        assertThat(state.openIncidents("qal", "INVALID_IDENTIFIER")).isEqualTo(flagged);
    }
}
