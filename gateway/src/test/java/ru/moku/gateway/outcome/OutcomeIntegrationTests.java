package ru.moku.gateway.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.operator.Reprocessing;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.GatewayTestApp.Pushed;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.CardOutcome.Result;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import static org.awaitility.Awaitility.await;

class OutcomeIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of("moku.gateway.reprocessing.enabled", "false"));
    }

    @Test
    void acceptedAndFlaggedOutcomesProcessTheInstancesAndThenTheRawMessage() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("OUT-1"), SmevMessages.legalEntityCard("OUT-2"));

        app.publishOutcome(pushed.instanceIds().get(0), pushed.rawMessageId(), Result.ACCEPTED, null);
        app.awaitInstanceStatus(pushed.instanceIds().get(0), 2);
        assertThat(app.rawStatus(pushed.rawMessageId())).as("one instance still in progress").isEqualTo(2);

        app.publishOutcome(pushed.instanceIds().get(1), pushed.rawMessageId(), Result.FLAGGED, "ИНН учредителя: bad check digit");
        app.awaitRawStatus(pushed.rawMessageId(), 3);

        assertThat(app.instanceStatus(pushed.instanceIds().get(1))).isEqualTo(2);
        assertThat(app.db.queryForObject("SELECT outcome || ': ' || error FROM smev.integration_instance WHERE id = '"
                + pushed.instanceIds().get(1) + "'", String.class)).isEqualTo("FLAGGED: ИНН учредителя: bad check digit");
    }

    @Test
    void aRejectedCardFailsItsInstanceAndTheRawMessageEndsProcessedWithErrors() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("REJ-1"), SmevMessages.legalEntityCard("REJ-2"));

        app.publishOutcome(pushed.instanceIds().get(0), pushed.rawMessageId(), Result.REJECTED, "store failed");
        app.awaitInstanceStatus(pushed.instanceIds().get(0), -2);
        assertThat(app.rawStatus(pushed.rawMessageId())).as("not all settled yet").isEqualTo(2);

        app.publishOutcome(pushed.instanceIds().get(1), pushed.rawMessageId(), Result.ACCEPTED, null);

        app.awaitRawStatus(pushed.rawMessageId(), -3);
        assertThat(app.db.queryForObject("SELECT error FROM smev.integration_instance WHERE id = '"
                + pushed.instanceIds().get(0) + "'", String.class)).isEqualTo("store failed");
    }

    @Test
    void outcomesOfOneMessageArrivingTogetherNeverLeaveItUnfinished() {
        List<Pushed> messages = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            String[] cards = new String[6];
            for (int c = 0; c < cards.length; c++) {
                cards[c] = SmevMessages.legalEntityCard("PAR-" + m + "-" + c);
            }
            messages.add(app.pushValid(cards));
        }

        for (Pushed pushed : messages) {
            for (UUID instance : pushed.instanceIds()) {
                app.publishOutcome(instance, pushed.rawMessageId(), Result.ACCEPTED, null);
            }
        }

        for (Pushed pushed : messages) {
            app.awaitRawStatus(pushed.rawMessageId(), 3);
        }
    }

    @Test
    void aRedeliveredOutcomeIsAppliedOnce() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("RED-1"));
        UUID instance = pushed.instanceIds().get(0);
        String outcome = app.codec().encodeToString(Envelope.create(
                MessageTypes.CARD_OUTCOME, "moku/card-processor", instance, null,
                instance.toString(), new CardOutcome(instance, pushed.rawMessageId(),
                        Result.ACCEPTED, null)));

        app.rabbit.publish(Destinations.CARD_OUTCOMES, outcome);
        app.rabbit.publish(Destinations.CARD_OUTCOMES, outcome);

        app.awaitRawStatus(pushed.rawMessageId(), 3);
        await("both deliveries consumed").atMost(Duration.ofSeconds(60)).until(() -> app.rabbit.messageCount(Destinations.CARD_OUTCOMES.queue()) == 0);
        assertThat(app.db.count("SELECT count(*) FROM smev.processed_message WHERE message_id = '"
                + app.codec().decode(outcome.getBytes(StandardCharsets.UTF_8), CardOutcome.class).id() + "'"))
                .isEqualTo(1);
    }

    @Test
    void aLateOutcomeOfAnEarlierPublicationNeverOverwritesTheCurrentOne() {
        Pushed pushed = app.pushValid(SmevMessages.legalEntityCard("LATE-1"));
        UUID instance = pushed.instanceIds().get(0);
        UUID raw = pushed.rawMessageId();
        assertThat(app.awaitCard(card -> card.data().cardId().equals(instance)).data().attempt()).isEqualTo(1);
        outcome(instance, raw, Result.REJECTED, "store failed", 1);
        app.awaitRawStatus(raw, -3);

        // Reprocessing publishes the card again, as attempt 2.
        app.bean(Reprocessing.class).reprocess(raw).block(WAIT);
        assertThat(app.awaitCard(card -> card.data().cardId().equals(instance)).data().attempt()).isEqualTo(2);
        assertThat(app.instanceStatus(instance)).isEqualTo(1);

        // A late ACCEPTED of attempt 1 (e.g. redelivered from before the rejection) must not close attempt 2 ...
        UUID lateAccepted = outcome(instance, raw, Result.ACCEPTED, null, 1);
        awaitConsumed(lateAccepted);
        assertThat(app.instanceStatus(instance)).isEqualTo(1);
        assertThat(app.rawStatus(raw)).isEqualTo(2);

        // ... attempt 2's own outcome does ...
        outcome(instance, raw, Result.ACCEPTED, null, 2);
        app.awaitRawStatus(raw, 3);

        // ... and a late REJECTED of attempt 1 does not turn it back into a failure.
        UUID lateRejected = outcome(instance, raw, Result.REJECTED, "late", 1);
        awaitConsumed(lateRejected);
        assertThat(app.instanceStatus(instance)).isEqualTo(2);
        assertThat(app.rawStatus(raw)).isEqualTo(3);
        assertThat(app.db.queryForObject("SELECT outcome FROM smev.integration_instance WHERE id = '" + instance
                + "'", String.class)).isEqualTo("ACCEPTED");
        assertThat(app.bean(MeterRegistry.class).counter("moku.gateway.outcomes.stale").count()).isEqualTo(2.0);
        assertThat(app.rabbit.messageCount(Destinations.CARD_OUTCOMES.deadLetterQueue())).isZero();
    }

    /** Publishes an outcome of publication {@code attempt}; returns its message id. */
    private static UUID outcome(UUID instance, UUID raw, Result result, String reason, int attempt) {
        Envelope<CardOutcome> envelope = Envelope.create(MessageTypes.CARD_OUTCOME, "moku/card-processor", instance,
                null, instance.toString(), new CardOutcome(instance, raw, result, reason, attempt));
        app.rabbit.publish(Destinations.CARD_OUTCOMES, app.codec().encodeToString(envelope));
        return envelope.id();
    }

    /** Waits until the outcome {@code messageId} was handled (acked with its inbox row). */
    private static void awaitConsumed(UUID messageId) {
        await("outcome " + messageId + " handled").atMost(WAIT).until(() -> app.db.count(
                "SELECT count(*) FROM smev.processed_message WHERE message_id = '" + messageId + "'") == 1);
    }

    @Test
    void anOutcomeForAnUnknownCardIsDeadLetteredWithAnIncident() {
        UUID unknown = UUID.randomUUID();

        app.publishOutcome(unknown, UUID.randomUUID(), Result.ACCEPTED, null);

        await("the outcome to be dead-lettered").atMost(Duration.ofSeconds(60)).until(() -> app.rabbit.messageCount(Destinations.CARD_OUTCOMES.deadLetterQueue()) == 1);
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE subject = '" + unknown + "'")).isEqualTo(1);
    }
}
