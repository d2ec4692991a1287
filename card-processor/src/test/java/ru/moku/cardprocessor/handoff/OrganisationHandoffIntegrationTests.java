package ru.moku.cardprocessor.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.party.FounderKind;
import ru.moku.model.party.OktmoOutcome;
import static org.awaitility.Awaitility.await;

/**
 * card-processor's side of the organisation hand-off in the RabbitMQ variant (seed 000 steps 8–11) against the real
 * PostgreSQL, RabbitMQ and Kafka: what it publishes for ПОС.ОС once a card is enriched, and how it records that the
 * organisation is in ЛКО.
 */
class OrganisationHandoffIntegrationTests {

    private static final String OKTMO = "45380000";

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @Test
    void anEnrichedCardPublishesItsOrganisationAndFounderForPosOs() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());

        cardProcessor.enrich(card, OKTMO);

        Envelope<OrganisationSubmission> message = awaitSubmission(card.cardId());
        OrganisationSubmission submission = message.data();
        assertThat(message.type()).isEqualTo(MessageTypes.ORGANISATION_SUBMITTED);
        assertThat(message.correlationId()).isEqualTo(card.cardId());
        assertThat(submission.mokuOrganisationId())
                .isEqualTo(OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn()));
        assertThat(submission.inn()).isEqualTo(card.organisation().inn());
        assertThat(submission.ogrn()).isEqualTo(card.organisation().ogrn());
        assertThat(submission.name()).isEqualTo(card.organisation().name());
        assertThat(submission.oktmo()).isEqualTo(OKTMO);
        assertThat(submission.oktmoStatus()).isEqualTo(OktmoOutcome.FOUND);
        assertThat(submission.founder()).isEqualTo(new OrganisationSubmission.Founder(FounderKind.PERSON, null, "Иванов",
                "Иван", "Иванович", card.founder().inn(), null, OKTMO, OktmoOutcome.FOUND));
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("ENRICHED");
    }

    @Test
    void twoCardsOfOneOrganisationNameTheSameMokuOrganisation() {
        ServiceCard first = cardProcessor.validCard();
        ServiceCard second = new ServiceCard(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(), 0,
                first.serviceCode(), "APP-2", first.applicationDate(), first.organisation(), first.founder());

        cardProcessor.store(first);
        cardProcessor.store(second);

        assertThat(cardProcessor.count("organisation WHERE moku_organisation_id = '"
                + OrganisationIdentity.of(first.organisation().inn(), first.organisation().ogrn()) + "'"))
                .isEqualTo(2);
    }

    @Test
    void theOrganisationInLkoStoresThePairAndMakesTheCardCreatedInLko() {
        ServiceCard card = enrichedCard();
        UUID mokuId = OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn());
        UUID lkoId = UUID.randomUUID();
        Envelope<OrganisationRegistered> announcement = announcement(card, mokuId, lkoId);

        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED, announcement);
        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED, announcement);

        cardProcessor.awaitStage(card.cardId(), "CREATED_IN_LKO");
        assertThat(cardProcessor.count("organisation WHERE card_id = '" + card.cardId()
                + "' AND moku_organisation_id = '" + mokuId + "' AND lko_organisation_id = '" + lkoId + "'"))
                .isEqualTo(1);
        await("the duplicate consumed").atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.count(
                "processed_message WHERE message_id = '" + announcement.id() + "'") == 1
                && cardProcessor.rabbit().messageCount(Destinations.ORGANISATIONS_REGISTERED.queue()) == 0);
        assertThat(cardProcessor.count("card_stage_history WHERE card_id = '" + card.cardId()
                + "' AND stage = 'CREATED_IN_LKO'")).isEqualTo(1);
    }

    @Test
    void anAnnouncementForAnotherOrganisationOfTheCardIsRefusedWithAnIncident() {
        ServiceCard card = enrichedCard();
        UUID otherOrganisation = UUID.randomUUID();

        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED,
                announcement(card, otherOrganisation, UUID.randomUUID()));

        await("incident").atMost(CardProcessorUnderTest.WAIT).until(() -> cardProcessor.count(
                "incident WHERE kind = 'PROCESSING_FAILED' AND message LIKE '%has no organisation "
                        + otherOrganisation + "%'") == 1);
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("ENRICHED");
        assertThat(cardProcessor.count("organisation WHERE card_id = '" + card.cardId()
                + "' AND lko_organisation_id IS NULL")).isEqualTo(1);
    }

    private static ServiceCard enrichedCard() {
        ServiceCard card = cardProcessor.store(cardProcessor.validCard());
        cardProcessor.enrich(card, OKTMO);
        cardProcessor.awaitStage(card.cardId(), "ENRICHED");
        return card;
    }

    private static Envelope<OrganisationRegistered> announcement(ServiceCard card, UUID mokuId, UUID lkoId) {
        return Envelope.create(MessageTypes.ORGANISATION_REGISTERED, "moku/org-registry", card.cardId(), null,
                mokuId.toString(), new OrganisationRegistered(mokuId, card.cardId(), lkoId));
    }

    private static Envelope<OrganisationSubmission> awaitSubmission(UUID cardId) {
        return cardProcessor.awaitMessage(Destinations.ORGANISATION_SUBMISSIONS, OrganisationSubmission.class,
                submission -> submission.cardId().equals(cardId));
    }
}
