package ru.moku.cardprocessor.survey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
