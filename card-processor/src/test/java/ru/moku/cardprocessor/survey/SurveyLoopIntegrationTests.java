package ru.moku.cardprocessor.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.handoff.OrganisationIdentity;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyCompleted;
import org.springframework.http.MediaType;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.runtime.survey.SurveyTokens;
import static org.awaitility.Awaitility.await;
import ru.moku.runtime.testing.TestSurveyKeys;

/**
 * card-processor's side of the survey loop (seed 000 steps 12–22) against the real PostgreSQL, RabbitMQ and Kafka:
 * the signed link it issues once the card is in ЛКО, LINK_SENT when SMEV accepted it, SURVEY_COMPLETED with the
 * register row when the answers are stored.
 */
class SurveyLoopIntegrationTests {

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @Test
    void aCardCreatedInLkoGetsASignedLinkSentThroughTheGateway() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        UUID lkoId = createdInLko(card);

        Envelope<SurveyLinkIssued> issued = awaitLink(card.cardId());

        assertThat(issued.type()).isEqualTo(MessageTypes.SURVEY_LINK_ISSUED);
        assertThat(issued.data().smevMessageId()).isEqualTo(card.smevMessageId());
        assertThat(issued.data().applicationNumber()).isEqualTo(card.applicationNumber());
        assertThat(issued.data().link()).startsWith(CardProcessorUnderTest.LINK_BASE_URL);
        String token = issued.data().link().substring(CardProcessorUnderTest.LINK_BASE_URL.length());
        SurveyClaims claims = SurveyTokens.verifier(TestSurveyKeys.publicKey()).verify(token);
        assertThat(claims.cardId()).isEqualTo(card.cardId());
        assertThat(claims.mokuOrganisationId()).isEqualTo(mokuId(card));
        assertThat(claims.lkoOrganisationId()).isEqualTo(lkoId);
        assertThat(claims.surveyId()).isEqualTo("default");
        assertThat(claims.expiresAt()).isEqualTo(issued.data().expiresAt());
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isEqualTo(Duration.ofDays(30));
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId() + "' AND token_id = '"
                + claims.tokenId() + "' AND sent_at IS NULL")).isEqualTo(1);
    }

    @Test
    void smevAcceptingTheLinkMakesTheCardLinkSent() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        createdInLko(card);
        awaitLink(card.cardId());

        cardProcessor.publish(Destinations.SURVEY_LINKS_SENT, Envelope.create(MessageTypes.SURVEY_LINK_SENT,
                "moku/gateway", card.cardId(), null, card.cardId().toString(),
                new SurveyLinkSent(card.cardId(), "smev-send-1", Instant.now())));

        cardProcessor.awaitStage(card.cardId(), "LINK_SENT");
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND smev_message_id = 'smev-send-1' AND sent_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aCompletedSurveyIsRegisteredOnceAndMakesTheCardSurveyCompleted() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        UUID lkoId = createdInLko(card);
        awaitLink(card.cardId());
        UUID submission = UUID.randomUUID();
        Envelope<SurveyCompleted> completed = Envelope.create(MessageTypes.SURVEY_COMPLETED, "moku/survey-service",
                card.cardId(), null, card.cardId().toString(),
                new SurveyCompleted(card.cardId(), submission, "default", lkoId, 4, Instant.now()));

        cardProcessor.publish(Destinations.SURVEYS_COMPLETED, completed);
        cardProcessor.publish(Destinations.SURVEYS_COMPLETED, completed);

        cardProcessor.awaitStage(card.cardId(), "SURVEY_COMPLETED");
        await("both deliveries consumed").atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.rabbit().messageCount(Destinations.SURVEYS_COMPLETED.queue()) == 0);
        assertThat(cardProcessor.count("poll_answer_registers WHERE card_id = '" + card.cardId()
                + "' AND submission_id = '" + submission + "' AND answers = 4 AND lko_organisation_id = '" + lkoId
                + "'")).isEqualTo(1);
        assertThat(cardProcessor.count("card_stage_history WHERE card_id = '" + card.cardId()
                + "' AND stage = 'SURVEY_COMPLETED'")).isEqualTo(1);
    }

    @Test
    void aLateLinkSentDoesNotMoveACompletedCardBack() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        UUID lkoId = createdInLko(card);
        awaitLink(card.cardId());
        cardProcessor.publish(Destinations.SURVEYS_COMPLETED, Envelope.create(MessageTypes.SURVEY_COMPLETED,
                "moku/survey-service", card.cardId(), null, card.cardId().toString(),
                new SurveyCompleted(card.cardId(), UUID.randomUUID(), "default", lkoId, 2, Instant.now())));
        cardProcessor.awaitStage(card.cardId(), "SURVEY_COMPLETED");

        Envelope<SurveyLinkSent> late = Envelope.create(MessageTypes.SURVEY_LINK_SENT, "moku/gateway", card.cardId(),
                null, card.cardId().toString(), new SurveyLinkSent(card.cardId(), "smev-late", Instant.now()));
        cardProcessor.publish(Destinations.SURVEY_LINKS_SENT, late);

        await("late link-sent consumed").atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.count(
                "processed_message WHERE message_id = '" + late.id() + "'") == 1);
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("SURVEY_COMPLETED");
    }

    @Test
    void aDeliveredStatusIsRecordedOnTheLinkAndShownInTheCardsTimeline() {
        ServiceCard card = linkSent("smev-delivered-1");

        Envelope<SurveyLinkDelivery> delivered = delivery(card, "smev-delivered-1", "messageIsDelivered", null,
                SurveyLinkDelivery.Outcome.DELIVERED);
        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, delivered);

        awaitConsumed(delivered);
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND delivery_status = 'messageIsDelivered' AND delivery_outcome = 'DELIVERED'"
                + " AND delivered_at IS NOT NULL")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> view = cardProcessor.webClient().get().uri("/api/v1/cards/" + card.cardId()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> surveyLink = (Map<String, Object>) view.get("surveyLink");
        assertThat(surveyLink).containsEntry("deliveryOutcome", "DELIVERED")
                .containsEntry("smevMessageId", "smev-delivered-1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timeline = (List<Map<String, Object>>) view.get("timeline");
        assertThat(timeline).extracting(entry -> (String) entry.get("event"))
                .containsSubsequence("RECEIVED", "LINK_SENT", "SURVEY_LINK_DELIVERED");
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("LINK_SENT");
    }

    @Test
    void aRefusedNotificationOpensAnIncidentWhoseRetrySendsTheLinkAgain() {
        ServiceCard card = linkSent("smev-refused-1");
        Envelope<SurveyLinkDelivery> refused = delivery(card, "smev-refused-1", "requestIsRejectedBySmev",
                "Сообщение не прошло проверку", SurveyLinkDelivery.Outcome.REFUSED);

        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, refused);

        await("an incident for the refused link").atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.count(
                "incident WHERE kind = 'SURVEY_LINK_REFUSED' AND subject = '" + card.cardId() + "'") == 1);
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND delivery_outcome = 'REFUSED' AND delivered_at IS NULL")).isEqualTo(1);
        // A later word about the same request does not undo the refusal, and opens nothing more.
        Envelope<SurveyLinkDelivery> late = delivery(card, "smev-refused-1", "messageIsDelivered", null,
                SurveyLinkDelivery.Outcome.DELIVERED);
        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, late);
        awaitConsumed(late);
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND delivery_outcome = 'REFUSED'")).isEqualTo(1);
        assertThat(cardProcessor.count("survey_link_delivery WHERE card_id = '" + card.cardId() + "'")).isEqualTo(2);
        String incidentId = cardProcessor.database().queryForObject("SELECT id::text FROM qal.incident WHERE kind ="
                + " 'SURVEY_LINK_REFUSED' AND subject = '" + card.cardId() + "'", String.class);

        cardProcessor.webClient().post().uri("/api/v1/incidents/" + incidentId + "/retry")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"comment\":\"send it again\"}")
                .exchange().expectStatus().isAccepted();

        Envelope<SurveyLinkIssued> again = cardProcessor.awaitMessage(Destinations.SURVEY_LINKS,
                SurveyLinkIssued.class, link -> link.cardId().equals(card.cardId()));
        assertThat(again.data().link()).startsWith(CardProcessorUnderTest.LINK_BASE_URL);
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND smev_message_id IS NULL AND delivery_outcome IS NULL")).isEqualTo(1);
    }

    @Test
    void aStatusAboutACardWithoutALinkIsIgnored() {
        UUID unknown = UUID.randomUUID();
        Envelope<SurveyLinkDelivery> stray = Envelope.create(MessageTypes.SURVEY_LINK_DELIVERY, "moku/gateway",
                unknown, null, unknown.toString(), new SurveyLinkDelivery(unknown, "smev-stray", "messageIsDelivered",
                        null, SurveyLinkDelivery.Outcome.DELIVERED, Instant.now()));

        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, stray);

        awaitConsumed(stray);
        assertThat(cardProcessor.count("survey_link_delivery WHERE card_id = '" + unknown + "'")).isZero();
        assertThat(cardProcessor.count("incident WHERE subject = '" + unknown + "'")).isZero();
    }

    @Test
    void aStatusAboutAnEarlierSendRequestIsIgnored() {
        ServiceCard card = linkSent("smev-current-1");
        Envelope<SurveyLinkDelivery> stale = delivery(card, "smev-earlier-1", "requestIsRejectedBySmev", null,
                SurveyLinkDelivery.Outcome.REFUSED);

        cardProcessor.publish(Destinations.SURVEY_LINK_DELIVERIES, stale);

        awaitConsumed(stale);
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId()
                + "' AND delivery_outcome IS NULL")).isEqualTo(1);
        assertThat(cardProcessor.count("incident WHERE subject = '" + card.cardId() + "'")).isZero();
    }

    /** A card whose link SMEV accepted as {@code smevMessageId}. */
    private static ServiceCard linkSent(String smevMessageId) {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        createdInLko(card);
        awaitLink(card.cardId());
        cardProcessor.publish(Destinations.SURVEY_LINKS_SENT, Envelope.create(MessageTypes.SURVEY_LINK_SENT,
                "moku/gateway", card.cardId(), null, card.cardId().toString(),
                new SurveyLinkSent(card.cardId(), smevMessageId, Instant.now())));
        cardProcessor.awaitStage(card.cardId(), "LINK_SENT");
        return card;
    }

    private static Envelope<SurveyLinkDelivery> delivery(ServiceCard card, String smevMessageId, String status,
                                                         String details, SurveyLinkDelivery.Outcome outcome) {
        return Envelope.create(MessageTypes.SURVEY_LINK_DELIVERY, "moku/gateway", card.cardId(), null,
                card.cardId().toString(), new SurveyLinkDelivery(card.cardId(), smevMessageId, status, details,
                        outcome, Instant.now()));
    }

    private static void awaitConsumed(Envelope<?> message) {
        await("message " + message.id() + " consumed").atMost(CardProcessorUnderTest.WAIT).until(() ->
                cardProcessor.count("processed_message WHERE message_id = '" + message.id() + "'") == 1);
    }

    /** Makes the stored card ENRICHED, then announces its organisation in ЛКО; returns the ЛКО id. */
    private static UUID createdInLko(ServiceCard card) {
        cardProcessor.enrich(card, "45380000");
        cardProcessor.awaitStage(card.cardId(), "ENRICHED");
        UUID lkoId = UUID.randomUUID();
        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED, Envelope.create(
                MessageTypes.ORGANISATION_REGISTERED, "moku/org-registry", card.cardId(), null,
                card.cardId().toString(), new OrganisationRegistered(mokuId(card), card.cardId(), lkoId)));
        cardProcessor.awaitStage(card.cardId(), "CREATED_IN_LKO");
        return lkoId;
    }

    private static UUID mokuId(ServiceCard card) {
        return OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn());
    }

    private static Envelope<SurveyLinkIssued> awaitLink(UUID cardId) {
        return cardProcessor.awaitMessage(Destinations.SURVEY_LINKS, SurveyLinkIssued.class,
                link -> link.cardId().equals(cardId));
    }
}
