package ru.moku.cardprocessor.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import ru.moku.cardprocessor.enrichment.EnrichmentResultHandler;
import ru.moku.cardprocessor.handoff.OrganisationIdentity;
import ru.moku.cardprocessor.handoff.OrganisationRegisteredHandler;
import ru.moku.cardprocessor.intake.ServiceCardHandler;
import ru.moku.cardprocessor.survey.SurveyCompletedHandler;
import ru.moku.cardprocessor.survey.SurveyLinkDeliveryHandler;
import ru.moku.cardprocessor.survey.SurveyLinkSentHandler;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.model.party.PartyRole;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.runtime.inbox.Inbox;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Issue 12: a consumer may run several messages one after another in one transaction (a micro-batch), each after
 * its own inbox insert. card-processor's handlers stay correct there — also with two messages about the same card in
 * one batch: each sees what the earlier one wrote, a card is stored and moved once, and the card's history keeps the
 * order of the moves although they share the transaction's {@code now()}. Real PostgreSQL, RabbitMQ and Kafka; the
 * handlers are called as the consumer calls them, inside one transaction of the service's own operator.
 */
class HandlersInOneTransactionIntegrationTests {

    private static final String CONSUMER = "batch-test";

    @AutoClose
    private static CardProcessorUnderTest cardProcessor;

    @BeforeAll
    static void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @Test
    void aCardStoredTwiceAndAnsweredTwiceInOneBatchIsStoredAndEnrichedOnceWithTheFirstAnswer() {
        ServiceCard card = cardProcessor.validCard();
        Envelope<ServiceCard> first = CardProcessorUnderTest.envelope(card);
        Envelope<ServiceCard> republished = CardProcessorUnderTest.envelope(card.withAttempt(2));

        inOneTransaction(new Batch()
                .add(first, handler(ServiceCardHandler.class))
                .add(republished, handler(ServiceCardHandler.class))
                .add(enrichment(card, "45380000"), handler(EnrichmentResultHandler.class))
                .add(enrichment(card, "46000000"), handler(EnrichmentResultHandler.class)));

        assertThat(cardProcessor.count("service_card WHERE id = '" + card.cardId() + "'")).isEqualTo(1);
        assertThat(cardProcessor.stage(card.cardId())).isEqualTo("ENRICHED");
        assertThat(cardProcessor.count("organisation WHERE card_id = '" + card.cardId() + "' AND oktmo = '45380000'"))
                .isEqualTo(1);
        assertThat(cardProcessor.count("founder WHERE card_id = '" + card.cardId() + "' AND oktmo = '45380000'"))
                .isEqualTo(1);
        assertThat(history(card.cardId())).containsExactly("RECEIVED", "ENRICHED");
        // Each publication is answered with its own attempt, so the gateway can close its current one.
        List<Integer> attempts = new ArrayList<>();
        cardProcessor.awaitMessage(Destinations.CARD_OUTCOMES, CardOutcome.class, outcome -> {
            if (outcome.cardId().equals(card.cardId())) {
                attempts.add(outcome.attempt());
            }
            return attempts.size() == 2;
        });
        assertThat(attempts).containsExactlyInAnyOrder(card.attempt(), 2);
    }

    @Test
    void theWholeSurveyLoopOfACardInOneBatchMovesItOnceThroughEachStageInOrder() {
        ServiceCard card = cardProcessor.validCard();
        UUID lkoId = UUID.randomUUID();
        UUID submission = UUID.randomUUID();
        Envelope<OrganisationRegistered> registered = message(MessageTypes.ORGANISATION_REGISTERED, card,
                new OrganisationRegistered(OrganisationIdentity.of(card.organisation().inn(),
                        card.organisation().ogrn()), card.cardId(), lkoId));
        Envelope<SurveyLinkSent> sent = message(MessageTypes.SURVEY_LINK_SENT, card,
                new SurveyLinkSent(card.cardId(), "smev-batch-1", Instant.now()));
        Envelope<SurveyCompleted> completed = message(MessageTypes.SURVEY_COMPLETED, card,
                new SurveyCompleted(card.cardId(), submission, "default", lkoId, 3, Instant.now()));

        inOneTransaction(new Batch()
                .add(CardProcessorUnderTest.envelope(card), handler(ServiceCardHandler.class))
                .add(enrichment(card, "45380000"), handler(EnrichmentResultHandler.class))
                .add(registered, handler(OrganisationRegisteredHandler.class))
                .add(message(MessageTypes.ORGANISATION_REGISTERED, card, registered.data()),
                        handler(OrganisationRegisteredHandler.class))
                .add(sent, handler(SurveyLinkSentHandler.class))
                .add(delivery(card, "requestIsQueued", SurveyLinkDelivery.Outcome.PENDING),
                        handler(SurveyLinkDeliveryHandler.class))
                .add(delivery(card, "messageIsDelivered", SurveyLinkDelivery.Outcome.DELIVERED),
                        handler(SurveyLinkDeliveryHandler.class))
                .add(completed, handler(SurveyCompletedHandler.class))
                .add(message(MessageTypes.SURVEY_COMPLETED, card, completed.data()),
                        handler(SurveyCompletedHandler.class)));

        assertThat(history(card.cardId())).containsExactly("RECEIVED", "ENRICHED", "CREATED_IN_LKO", "LINK_SENT",
                "SURVEY_COMPLETED");
        assertThat(cardProcessor.count("survey_link WHERE card_id = '" + card.cardId() + "' AND delivery_outcome ="
                + " 'DELIVERED' AND delivered_at IS NOT NULL AND smev_message_id = 'smev-batch-1'")).isEqualTo(1);
        assertThat(cardProcessor.count("survey_link_delivery WHERE card_id = '" + card.cardId() + "'")).isEqualTo(2);
        assertThat(cardProcessor.count("poll_answer_registers WHERE card_id = '" + card.cardId() + "'")).isEqualTo(1);
    }

    @Test
    void aCompletionForACardThatIsNotThereFailsTheBatchAndLeavesNothingOfIt() {
        ServiceCard card = cardProcessor.validCard();
        ServiceCard unknown = cardProcessor.validCard();

        StepVerifier.create(run(new Batch()
                        .add(CardProcessorUnderTest.envelope(card), handler(ServiceCardHandler.class))
                        .add(message(MessageTypes.SURVEY_COMPLETED, unknown, new SurveyCompleted(unknown.cardId(),
                                UUID.randomUUID(), "default", null, 1, Instant.now())),
                                handler(SurveyCompletedHandler.class))))
                .expectErrorMessage("no card " + unknown.cardId())
                .verify();

        assertThat(cardProcessor.count("service_card WHERE id IN ('" + card.cardId() + "', '" + unknown.cardId()
                + "')")).isZero();
        assertThat(cardProcessor.count("poll_answer_registers WHERE card_id = '" + unknown.cardId() + "'")).isZero();
    }

    /** The card's stages in the order of their history rows' time. */
    private static List<String> history(UUID cardId) {
        return cardProcessor.database().strings("SELECT stage FROM qal.card_stage_history WHERE card_id = '"
                + cardId + "' ORDER BY at");
    }

    private static void inOneTransaction(Batch batch) {
        StepVerifier.create(run(batch)).verifyComplete();
    }

    /** The batch as the consumer runs it: each message after its inbox insert, all in one transaction. */
    private static Mono<Void> run(Batch batch) {
        Inbox inbox = cardProcessor.bean(Inbox.class);
        Mono<Void> all = Mono.empty();
        for (Function<Inbox, Mono<Void>> step : batch.steps) {
            all = all.then(Mono.defer(() -> step.apply(inbox)));
        }
        return cardProcessor.bean(TransactionalOperator.class).transactional(all);
    }

    private static final class Batch {
        private final List<Function<Inbox, Mono<Void>>> steps = new ArrayList<>();

        <T> Batch add(Envelope<T> message, MessageHandler<T> handler) {
            steps.add(inbox -> inbox.firstDelivery(CONSUMER, message.id())
                    .flatMap(first -> first ? handler.handle(message) : Mono.empty()));
            return this;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> MessageHandler<T> handler(Class<? extends MessageHandler<?>> type) {
        return (MessageHandler<T>) cardProcessor.bean(type);
    }

    private static Envelope<EnrichmentResult> enrichment(ServiceCard card, String oktmo) {
        return message(MessageTypes.ENRICHMENT_COMPLETED, card, new EnrichmentResult(card.cardId(), List.of(
                new EnrichmentResult.PartyResult(PartyRole.ORGANISATION, card.organisation().inn(),
                        OktmoOutcome.FOUND, oktmo, null),
                new EnrichmentResult.PartyResult(PartyRole.FOUNDER, card.founder().inn(), OktmoOutcome.FOUND, oktmo,
                        null))));
    }

    private static Envelope<SurveyLinkDelivery> delivery(ServiceCard card, String status,
                                                         SurveyLinkDelivery.Outcome outcome) {
        return message(MessageTypes.SURVEY_LINK_DELIVERY, card, new SurveyLinkDelivery(card.cardId(), "smev-batch-1",
                status, null, outcome, Instant.now()));
    }

    private static <T> Envelope<T> message(String type, ServiceCard card, T data) {
        return Envelope.create(type, "moku/test", card.cardId(), null, card.cardId().toString(), data);
    }
}
