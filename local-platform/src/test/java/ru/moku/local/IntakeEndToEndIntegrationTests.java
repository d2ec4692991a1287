package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SMEV → gateway (pull) → RabbitMQ → card-processor → PostgreSQL (→ enrichment → ПОС.ОС → ЛКО), all real, with the
 * SMEV simulator delivering some messages twice: exactly one card per message, each in its expected stage
 * (in ЛКО or further on, or FLAGGED), whatever is restarted on the way.
 *
 * <p>The tests share one started platform ({@link SharedEndToEndPlatform}); each queues a batch of its own and checks
 * that batch (its SMEV message ids) only.
 */
@ExtendWith(SharedEndToEndPlatform.class)
@Order(1)
class IntakeEndToEndIntegrationTests {

    /** Enough for a restart to fall in the middle of the run (after a third, with two thirds still to come). */
    private static final int MESSAGES = 300;
    private static final double INVALID_INN_SHARE = 0.02;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final EndToEndPlatform endToEnd;
    private final Platform platform;
    private final PlatformState state;
    private final SmevSimulatorClient smev;

    IntakeEndToEndIntegrationTests(EndToEndPlatform endToEnd) {
        this.endToEnd = endToEnd;
        this.platform = endToEnd.platform();
        this.state = endToEnd.state();
        this.smev = new SmevSimulatorClient(platform.simulatorUrl());
    }

    @Test
    void everyMessageBecomesExactlyOneCardThoughSmevDeliversSomeTwice() {
        smev.duplicateDeliveries(0.1);
        long duplicatesBefore = smev.stat("duplicatesInjected");
        SmevSimulatorClient.Batch batch = smev.generate(MESSAGES, INVALID_INN_SHARE, 1L);

        awaitAllCards(batch);

        assertEveryMessageProcessedOnce(batch);
        assertThat(smev.stat("duplicatesInjected")).as("messages of the batch delivered twice")
                .isGreaterThan(duplicatesBefore);
        await("SMEV holds nothing unacknowledged").atMost(RUN_TIMEOUT)
                .until(() -> smev.stats().matches("(?s).*\"queued\":0,\"inFlight\":0,.*"));
    }

    @Test
    void aGatewayRestartedInTheMiddleOfTheRunLosesAndDoublesNothing() {
        smev.duplicateDeliveries(0.1);
        SmevSimulatorClient.Batch batch = smev.generate(MESSAGES, INVALID_INN_SHARE, 2L);
        // What the gateway has taken in is what SMEV has acknowledged: the cards stored are behind it, and could all
        // be stored while the gateway shuts down, however the two services' speeds compare on this machine.
        await("a third of the messages taken in by the gateway").atMost(RUN_TIMEOUT)
                .until(() -> smev.acknowledged(batch.messageIds()) >= MESSAGES / 3);

        platform.stopGateway();
        long takenInWhenStopped = smev.acknowledged(batch.messageIds());
        platform.startGateway();

        assertThat(takenInWhenStopped).as("messages the gateway had taken in when it stopped").isLessThan(MESSAGES);
        awaitAllCards(batch);
        assertEveryMessageProcessedOnce(batch);
    }

    @Test
    void aCardProcessorRestartedInTheMiddleOfTheRunLosesAndDoublesNothing() {
        smev.duplicateDeliveries(0);
        SmevSimulatorClient.Batch batch = smev.generate(MESSAGES, INVALID_INN_SHARE, 3L);
        await("a third of the cards").atMost(RUN_TIMEOUT)
                .until(() -> state.readBatch(batch.messageIds()).cards() >= MESSAGES / 3);

        platform.stopCardProcessor();
        long storedWhenStopped = state.readBatch(batch.messageIds()).cards();
        platform.startCardProcessor();

        assertThat(storedWhenStopped).as("cards card-processor had stored when it stopped").isLessThan(MESSAGES);
        awaitAllCards(batch);
        assertEveryMessageProcessedOnce(batch);
    }

    private void awaitAllCards(SmevSimulatorClient.Batch batch) {
        await("every card in its expected stage and every raw message processed").atMost(RUN_TIMEOUT)
                .until(() -> Demo.done(state.readBatch(batch.messageIds()), MESSAGES, batch.invalidInnCards()));
    }

    private void assertEveryMessageProcessedOnce(SmevSimulatorClient.Batch batch) {
        int flagged = batch.invalidInnCards();
        PlatformState.Snapshot snapshot = state.readBatch(batch.messageIds());
        assertThat(snapshot.cards()).isEqualTo(MESSAGES);
        assertThat(snapshot.duplicateCards()).isZero();
        assertThat(snapshot.rawMessages()).isEqualTo(MESSAGES);
        assertThat(snapshot.rawWithStatus(3)).isEqualTo(MESSAGES);
        assertThat(snapshot.instances()).isEqualTo(MESSAGES);
        assertThat(snapshot.instancesByStatus()).containsOnlyKeys(2);
        assertThat(snapshot.cardsInStage("FLAGGED")).isEqualTo(flagged);
        assertThat(flagged).as("the batch includes cards with a wrong ИНН").isPositive();
        assertThat(endToEnd.count("""
                SELECT count(*) FROM qal.incident i JOIN qal.service_card c ON CAST(c.id AS TEXT) = i.subject
                WHERE i.status = 'OPEN' AND i.kind = 'INVALID_IDENTIFIER' AND c.smev_message_id IN\s"""
                + EndToEndPlatform.sqlList(batch.messageIds())))
                .as("an INVALID_IDENTIFIER incident for each FLAGGED card of the batch").isEqualTo(flagged);
    }
}
