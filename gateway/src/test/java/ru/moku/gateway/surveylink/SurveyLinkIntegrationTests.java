package ru.moku.gateway.surveylink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;
import ru.moku.gateway.answers.AnswerEffects;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.gateway.answers.SmevAnswer;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.gateway.support.SmevSimulator;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.survey.SurveyLinkSent;
import static org.awaitility.Awaitility.await;

/** Survey links through the SMEV simulator (seed 000 steps 12–15), on the real PostgreSQL and RabbitMQ. */
class SurveyLinkIntegrationTests {

    private static SmevSimulator smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        smev = new SmevSimulator();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.survey-link.endpoint", smev.endpoint(),
                "moku.gateway.survey-link.attempts", "3",
                "moku.gateway.survey-link.first-backoff", "50ms",
                "moku.gateway.survey-link.max-backoff", "100ms",
                "moku.gateway.survey-link.minimum-calls", "1000",
                // SMEV's refusals are immediate Faults; a loaded machine must not turn a slow acceptance into one more.
                "moku.gateway.survey-link.timeout", "10s",
                "moku.gateway.reprocessing.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            smev.close();
        }
    }

    @Test
    void anIssuedLinkIsSentThroughSmevAndAnnouncedAsSent() {
        SurveyLinkIssued link = link("APP-SENT-1");

        Envelope<SurveyLinkIssued> issued = publish(link);

        Envelope<SurveyLinkSent> sent = awaitSent(link.cardId());
        assertThat(sent.type()).isEqualTo(MessageTypes.SURVEY_LINK_SENT);
        assertThat(sent.causationId()).isEqualTo(issued.id());
        assertThat(sent.data().smevMessageId()).isEqualTo(issued.id().toString());
        Map<String, Object> request = sentRequestOf(issued.id());
        @SuppressWarnings("unchecked")
        Map<String, Object> notification = (Map<String, Object>) request.get("notification");
        assertThat(notification).containsEntry("applicationNumber", "APP-SENT-1")
                .containsEntry("serviceCode", "10000012345")
                .containsEntry("originalMessageId", link.smevMessageId())
                .containsEntry("link", link.link());
        // The same instant, however its trailing zeros are written (xs:dateTime "…50.14Z" = "…50.140Z").
        assertThat(Instant.parse((String) notification.get("expiresAt"))).isEqualTo(link.expiresAt());
    }

    @Test
    void smevFailingTwiceIsRetriedUntilItAccepts() {
        SurveyLinkIssued link = link("APP-RETRY-1");
        smev.failNext(2);

        Envelope<SurveyLinkIssued> issued = publish(link);

        awaitSent(link.cardId());
        assertThat(sentRequestOf(issued.id())).isNotNull();
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE subject = '" + link.cardId() + "'")).isZero();
    }

    @Test
    void aLinkSmevNeverTakesBecomesAnIncidentThatARetrySendsAgain() {
        SurveyLinkIssued link = link("APP-SPENT-1");
        smev.failNext(3);

        publish(link);

        await("an incident for the unsent link").atMost(Duration.ofSeconds(60)).until(() -> app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'SURVEY_LINK_NOT_SENT' AND subject = '"
                        + link.cardId() + "'") == 1);
        assertThat(app.db.queryForObject("SELECT attempts FROM smev.incident WHERE subject = '" + link.cardId() + "'",
                Integer.class)).isEqualTo(3);
        assertThat(app.db.count("SELECT count(*) FROM smev.processed_message")).as("the message was consumed")
                .isPositive();
        String incidentId = app.db.queryForObject("SELECT id::text FROM smev.incident WHERE subject = '"
                + link.cardId() + "'", String.class);

        app.http.post().uri("/api/v1/incidents/" + incidentId + "/retry").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"comment\":\"SMEV is back\"}")
                .exchange().expectStatus().isAccepted();

        Envelope<SurveyLinkSent> sent = awaitSent(link.cardId());
        assertThat(sentRequestOf(UUID.fromString(sent.data().smevMessageId()))).isNotNull();
        assertThat(app.db.queryForObject("SELECT status FROM smev.incident WHERE id = '" + incidentId + "'",
                String.class)).isEqualTo("RESOLVED");
    }

    @Test
    void aSentLinkIsRecordedAsOurSentRequest() {
        SurveyLinkIssued link = link("APP-RECORDED-1");

        Envelope<SurveyLinkIssued> issued = publish(link);

        awaitSent(link.cardId());
        assertThat(app.db.queryForObject("SELECT card_id FROM smev.sent_request WHERE message_id = '" + issued.id()
                + "'", UUID.class)).isEqualTo(link.cardId());
    }

    @Test
    void anAsyncProcessingStatusAboutASentLinkGoesToCardProcessorInTheAnswersTransaction() {
        SurveyLinkIssued link = link("APP-STATUS-1");
        Envelope<SurveyLinkIssued> issued = publish(link);
        awaitSent(link.cardId());

        applyInTransaction(new SmevAnswer(UUID.randomUUID(), UUID.randomUUID().toString(),
                AnswerKind.ASYNC_PROCESSING_STATUS, issued.id().toString(), "requestIsRejectedBySmev",
                "Сообщение не прошло проверку"));

        Envelope<SurveyLinkDelivery> delivery = awaitDelivery(link.cardId());
        assertThat(delivery.type()).isEqualTo(MessageTypes.SURVEY_LINK_DELIVERY);
        assertThat(delivery.correlationId()).isEqualTo(link.cardId());
        assertThat(delivery.data().smevMessageId()).isEqualTo(issued.id().toString());
        assertThat(delivery.data().status()).isEqualTo("requestIsRejectedBySmev");
        assertThat(delivery.data().details()).isEqualTo("Сообщение не прошло проверку");
        assertThat(delivery.data().outcome()).isEqualTo(SurveyLinkDelivery.Outcome.REFUSED);
    }

    @Test
    void aRequestRejectedAboutASentLinkIsARefusal() {
        SurveyLinkIssued link = link("APP-REJECTED-1");
        Envelope<SurveyLinkIssued> issued = publish(link);
        awaitSent(link.cardId());

        applyInTransaction(new SmevAnswer(UUID.randomUUID(), UUID.randomUUID().toString(),
                AnswerKind.REQUEST_REJECTED, issued.id().toString(), "ACCESS_DENIED", "no such recipient"));

        assertThat(awaitDelivery(link.cardId()).data().outcome()).isEqualTo(SurveyLinkDelivery.Outcome.REFUSED);
    }

    @Test
    void anAsyncProcessingStatusPushedBySmevAboutASentLinkReachesCardProcessor() {
        SurveyLinkIssued link = link("APP-PUSHED-STATUS-1");
        Envelope<SurveyLinkIssued> issued = publish(link);
        awaitSent(link.cardId());
        String statusMessageId = SmevMessages.newMessageId();

        app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.answerEnvelope(statusMessageId, SmevMessages.asyncProcessingStatus(
                        issued.id().toString(), "messageIsDelivered", "Сообщение доставлено")))
                .exchange()
                .expectStatus().isAccepted();

        Envelope<SurveyLinkDelivery> delivery = awaitDelivery(link.cardId());
        assertThat(delivery.data().outcome()).isEqualTo(SurveyLinkDelivery.Outcome.DELIVERED);
        assertThat(delivery.data().status()).isEqualTo("messageIsDelivered");
        assertThat(delivery.data().details()).isEqualTo("Сообщение доставлено");
    }

    @Test
    void anAnswerAboutAMessageThatIsNotOursHasNoEffect() {
        long outboxRows = app.db.count("SELECT count(*) FROM smev.outbox WHERE message_type = '" + MessageTypes.SURVEY_LINK_DELIVERY + "'");

        applyInTransaction(new SmevAnswer(UUID.randomUUID(), UUID.randomUUID().toString(),
                AnswerKind.ASYNC_PROCESSING_STATUS, UUID.randomUUID().toString(), "messageIsDelivered", null));

        assertThat(app.db.count("SELECT count(*) FROM smev.outbox WHERE message_type = '" + MessageTypes.SURVEY_LINK_DELIVERY + "'"))
                .isEqualTo(outboxRows);
    }

    private static void applyInTransaction(SmevAnswer answer) {
        AnswerEffects effects = app.bean(AnswerEffects.class);
        StepVerifier.create(app.bean(TransactionalOperator.class).transactional(effects.apply(answer)))
                .expectComplete()
                .verify(Duration.ofSeconds(60));
    }

    private static final List<Envelope<SurveyLinkDelivery>> deliveries =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Envelope<SurveyLinkDelivery> awaitDelivery(UUID cardId) {
        await("SurveyLinkDelivery for card " + cardId).atMost(Duration.ofSeconds(60)).until(() -> {
            for (String body = app.rabbit.take(Destinations.SURVEY_LINK_DELIVERIES.queue()); body != null;
                 body = app.rabbit.take(Destinations.SURVEY_LINK_DELIVERIES.queue())) {
                deliveries.add(app.codec().decode(body.getBytes(StandardCharsets.UTF_8), SurveyLinkDelivery.class));
            }
            return deliveries.stream().anyMatch(delivery -> delivery.data().cardId().equals(cardId));
        });
        return deliveries.stream().filter(delivery -> delivery.data().cardId().equals(cardId)).findFirst()
                .orElseThrow();
    }

    private static SurveyLinkIssued link(String applicationNumber) {
        UUID cardId = UUID.randomUUID();
        return new SurveyLinkIssued(cardId, UUID.randomUUID().toString(), applicationNumber, "10000012345",
                "https://lkp.example/surveys/" + cardId + "?token=a.b.c&lang=ru",
                Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS));
    }

    private static Envelope<SurveyLinkIssued> publish(SurveyLinkIssued link) {
        Envelope<SurveyLinkIssued> envelope = Envelope.create(MessageTypes.SURVEY_LINK_ISSUED, "moku/card-processor",
                link.cardId(), null, link.cardId().toString(), link);
        app.rabbit.publish(Destinations.SURVEY_LINKS, app.codec().encodeToString(envelope));
        return envelope;
    }

    private static final List<Envelope<SurveyLinkSent>> taken = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static Envelope<SurveyLinkSent> awaitSent(UUID cardId) {
        await("SurveyLinkSent for card " + cardId).atMost(Duration.ofSeconds(60)).until(() -> {
            for (String body = app.rabbit.take(Destinations.SURVEY_LINKS_SENT.queue()); body != null;
                 body = app.rabbit.take(Destinations.SURVEY_LINKS_SENT.queue())) {
                taken.add(app.codec().decode(body.getBytes(StandardCharsets.UTF_8), SurveyLinkSent.class));
            }
            return taken.stream().anyMatch(sent -> sent.data().cardId().equals(cardId));
        });
        return taken.stream().filter(sent -> sent.data().cardId().equals(cardId)).findFirst().orElseThrow();
    }

    private static Map<String, Object> sentRequestOf(UUID messageId) {
        return smev.sentRequests().stream()
                .filter(request -> messageId.toString().equals(request.get("messageId")))
                .findFirst().orElseThrow(() -> new AssertionError("SMEV recorded no SendRequest " + messageId));
    }
}
