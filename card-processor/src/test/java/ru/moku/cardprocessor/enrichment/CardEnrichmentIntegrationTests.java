package ru.moku.cardprocessor.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.cardprocessor.handoff.OrganisationIdentity;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.EnrichmentResult.PartyResult;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import static org.awaitility.Awaitility.await;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;
import ru.moku.runtime.testing.TestKafka;

/**
 * card-processor's side of the ОКТМО enrichment (seed 000 step 7) against the real PostgreSQL, RabbitMQ and Kafka:
 * the request it sends for a stored card and how it applies the enrichment service's answer.
 */
class CardEnrichmentIntegrationTests {

    private static final Duration WAIT = CardProcessorUnderTest.WAIT;
    private static final String OKTMO = "45380000";

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @Test
    void aStoredValidCardAsksForTheOktmoOfItsOrganisationAndFounder() {
        ServiceCard card = cardProcessor.validCard();
        Envelope<ServiceCard> message = CardProcessorUnderTest.envelope(card);

        cardProcessor.publish(message);

        Envelope<EnrichmentRequest> request = awaitRequest(card.cardId());
        assertThat(request.type()).isEqualTo(MessageTypes.ENRICHMENT_REQUESTED);
        assertThat(request.correlationId()).isEqualTo(card.cardId());
        assertThat(request.causationId()).isEqualTo(message.id());
        assertThat(request.data().parties()).containsExactly(
                new EnrichmentRequest.Party(PartyRole.ORGANISATION, card.organisation().inn(), card.organisation().ogrn()),
                new EnrichmentRequest.Party(PartyRole.FOUNDER, card.founder().inn(), card.founder().ogrn()));
    }

    @Test
    void aFlaggedCardIsNotEnriched() {
        ServiceCard valid = cardProcessor.validCard();
        String inn = valid.organisation().inn();
        ServiceCard flagged = new ServiceCard(valid.cardId(), valid.rawMessageId(), valid.smevMessageId(), 0,
                valid.serviceCode(), valid.applicationNumber(), valid.applicationDate(),
                new ServiceCard.Organisation("ООО Ромашка", inn.substring(0, 9) + ((inn.charAt(9) - '0' + 1) % 10),
                        valid.organisation().ogrn(), null, null), valid.founder());
        ServiceCard marker = cardProcessor.validCard();

        cardProcessor.publish(CardProcessorUnderTest.envelope(flagged));
        cardProcessor.awaitMessage(Destinations.CARD_OUTCOMES, CardOutcome.class,
                outcome -> outcome.cardId().equals(flagged.cardId()));
        cardProcessor.publish(CardProcessorUnderTest.envelope(marker));

        // A request for the flagged card would have been committed (and relayed) before the marker's.
        List<UUID> requested = requestedCardsUntil(marker.cardId());
        assertThat(requested).doesNotContain(flagged.cardId());
        assertThat(stage(flagged.cardId())).isEqualTo("FLAGGED");
    }

    @Test
    void anAnswerForBothPartiesStoresTheOktmoAndStatusesAndMakesTheCardEnriched() {
        ServiceCard card = storedCard();

        answer(card, found(card.organisation().inn()), notFound(card.founder().inn()));

        awaitStage(card.cardId(), "ENRICHED");
        assertThat(cardProcessor.database().strings("SELECT concat_ws('|', oktmo, oktmo_status, oktmo_reason)"
                + " FROM qal.organisation WHERE card_id = '" + card.cardId() + "'"))
                .containsExactly(OKTMO + "|FOUND");
        assertThat(cardProcessor.database().strings("SELECT concat_ws('|', coalesce(oktmo, 'null'), oktmo_status,"
                + " oktmo_reason) FROM qal.founder WHERE card_id = '" + card.cardId() + "'"))
                .containsExactly("null|NOT_FOUND|Dadata knows no such party");
        assertThat(cardProcessor.count("card_stage_history WHERE card_id = '" + card.cardId()
                + "' AND stage = 'ENRICHED' AND reason = 'ORGANISATION FOUND, FOUNDER NOT_FOUND'")).isEqualTo(1);
        String topic = cardProcessor.rabbit().prefix() + Destinations.CARD_STAGE_TOPIC;
        // Each read takes what the topic holds for a while, not just its first batch (other cards are on it too).
        await("ENRICHED on Kafka").atMost(WAIT).until(() -> TestKafka.read(topic, Integer.MAX_VALUE,
                        Duration.ofSeconds(3)).stream()
                .anyMatch(record -> record.key().equals(card.cardId().toString())
                        && record.value().contains("\"stage\":\"ENRICHED\"")
                        && record.value().contains("\"previousStage\":\"RECEIVED\"")));
    }

    @Test
    void aFailedLookupStillEnrichesTheCardWithNoOktmoAndTheReason() {
        ServiceCard card = storedCard();

        answer(card, failed(card.organisation().inn()), found(card.founder().inn()));

        awaitStage(card.cardId(), "ENRICHED");
        assertThat(cardProcessor.database().strings("SELECT concat_ws('|', coalesce(oktmo, 'null'), oktmo_status,"
                + " oktmo_reason) FROM qal.organisation WHERE card_id = '" + card.cardId() + "'"))
                .containsExactly("null|FAILED|3 attempt(s) failed, last: 503");
    }

    @Test
    void theSameAnswerDeliveredTwiceIsAppliedOnce() {
        ServiceCard card = storedCard();
        Envelope<EnrichmentResult> answer = answerEnvelope(card, found(card.organisation().inn()),
                found(card.founder().inn()));

        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, answer);
        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, answer);

        awaitStage(card.cardId(), "ENRICHED");
        await("both deliveries consumed").atMost(WAIT).until(() -> cardProcessor.rabbit().messageCount(Destinations.ENRICHMENT_RESULTS.queue()) == 0);
        await("second delivery recorded as a duplicate").atMost(WAIT).until(() -> cardProcessor.count(
                "processed_message WHERE message_id = '" + answer.id() + "'") == 1);
        assertThat(cardProcessor.count("card_stage_history WHERE card_id = '" + card.cardId()
                + "' AND stage = 'ENRICHED'")).isEqualTo(1);
    }

    @Test
    void aLateAnswerDoesNotMoveACardThatWentOnBackToEnriched() {
        ServiceCard card = storedCard();
        answer(card, found(card.organisation().inn()), found(card.founder().inn()));
        awaitStage(card.cardId(), "ENRICHED");
        UUID mokuId = OrganisationIdentity.of(card.organisation().inn(), card.organisation().ogrn());
        cardProcessor.publish(Destinations.ORGANISATIONS_REGISTERED, Envelope.create(
                MessageTypes.ORGANISATION_REGISTERED, "moku/org-registry", card.cardId(), null,
                card.cardId().toString(), new OrganisationRegistered(mokuId, card.cardId(), UUID.randomUUID())));
        awaitStage(card.cardId(), "CREATED_IN_LKO");

        // A second answer (a re-sent request's), not a redelivery: it has an id of its own.
        Envelope<EnrichmentResult> late = answerEnvelope(card, notFound(card.organisation().inn()),
                notFound(card.founder().inn()));
        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, late);

        await("the late answer consumed").atMost(WAIT).until(() -> cardProcessor.count(
                "processed_message WHERE message_id = '" + late.id() + "'") == 1);
        assertThat(stage(card.cardId())).isEqualTo("CREATED_IN_LKO");
        assertThat(cardProcessor.count("card_stage_history WHERE card_id = '" + card.cardId()
                + "' AND stage = 'ENRICHED'")).isEqualTo(1);
        assertThat(cardProcessor.count("organisation WHERE card_id = '" + card.cardId() + "' AND oktmo = '" + OKTMO
                + "' AND oktmo_status = 'FOUND'")).as("the answer the card was handed on with").isEqualTo(1);
    }

    @Test
    void anAnswerForAnUnknownCardIsDeadLetteredWithAnIncident() {
        UUID unknown = UUID.randomUUID();
        Envelope<EnrichmentResult> answer = Envelope.create(MessageTypes.ENRICHMENT_COMPLETED, "moku/enrichment",
                unknown, null, unknown.toString(), new EnrichmentResult(unknown,
                        List.of(found("7707083893"), notFound("500100732259"))));

        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, answer);

        await("incident").atMost(WAIT).until(() -> cardProcessor.count("incident WHERE kind = 'PROCESSING_FAILED'"
                + " AND message LIKE '%no card " + unknown + "%'") == 1);
        await("dead-lettered").atMost(WAIT).until(() -> cardProcessor.rabbit().messageCount(
                Destinations.ENRICHMENT_RESULTS.deadLetterQueue()) >= 1);
    }

    @Test
    void anAnswerWithAnInvalidOktmoIsRefusedAndChangesNothing() {
        ServiceCard card = storedCard();
        PartyResult invalid = new PartyResult(PartyRole.ORGANISATION, card.organisation().inn(), OktmoOutcome.FOUND, "12AB", null);

        answer(card, invalid, found(card.founder().inn()));

        await("incident").atMost(WAIT).until(() -> cardProcessor.count("incident WHERE kind = 'PROCESSING_FAILED'"
                + " AND message LIKE '%invalid ОКТМО%' AND message LIKE '%" + card.cardId() + "%'") == 1);
        assertThat(stage(card.cardId())).isEqualTo("RECEIVED");
        assertThat(cardProcessor.count("founder WHERE card_id = '" + card.cardId() + "' AND oktmo_status IS NULL"))
                .as("the founder's valid answer was rolled back with the rest").isEqualTo(1);
    }

    /** A valid card that card-processor stored (its outcome was sent). */
    private static ServiceCard storedCard() {
        return cardProcessor.store(cardProcessor.validCard());
    }

    private static void answer(ServiceCard card, PartyResult organisation, PartyResult founder) {
        cardProcessor.publish(Destinations.ENRICHMENT_RESULTS, answerEnvelope(card, organisation, founder));
    }

    private static Envelope<EnrichmentResult> answerEnvelope(ServiceCard card, PartyResult organisation,
                                                             PartyResult founder) {
        return Envelope.create(MessageTypes.ENRICHMENT_COMPLETED, "moku/enrichment", card.cardId(), null,
                card.cardId().toString(), new EnrichmentResult(card.cardId(), List.of(
                        withRole(PartyRole.ORGANISATION, organisation), withRole(PartyRole.FOUNDER, founder))));
    }

    private static PartyResult withRole(PartyRole role, PartyResult result) {
        return new PartyResult(role, result.identifier(), result.outcome(), result.oktmo(), result.reason());
    }

    private static PartyResult found(String identifier) {
        return new PartyResult(PartyRole.ORGANISATION, identifier, OktmoOutcome.FOUND, OKTMO, null);
    }

    private static PartyResult notFound(String identifier) {
        return new PartyResult(PartyRole.FOUNDER, identifier, OktmoOutcome.NOT_FOUND, null, "Dadata knows no such party");
    }

    private static PartyResult failed(String identifier) {
        return new PartyResult(PartyRole.ORGANISATION, identifier, OktmoOutcome.FAILED, null, "3 attempt(s) failed, last: 503");
    }

    private static Envelope<EnrichmentRequest> awaitRequest(UUID cardId) {
        return cardProcessor.awaitMessage(Destinations.ENRICHMENT_REQUESTS, EnrichmentRequest.class,
                request -> request.cardId().equals(cardId));
    }

    private static List<UUID> requestedCardsUntil(UUID lastCardId) {
        List<UUID> seen = new ArrayList<>();
        cardProcessor.awaitMessage(Destinations.ENRICHMENT_REQUESTS, EnrichmentRequest.class, request -> {
            seen.add(request.cardId());
            return request.cardId().equals(lastCardId);
        });
        return seen;
    }

    private static void awaitStage(UUID cardId, String stage) {
        cardProcessor.awaitStage(cardId, stage);
    }

    private static String stage(UUID cardId) {
        return cardProcessor.stage(cardId);
    }
}
