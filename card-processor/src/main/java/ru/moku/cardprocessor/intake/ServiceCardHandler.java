package ru.moku.cardprocessor.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.enrichment.EnrichmentRequestSender;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.intake.CardStage;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Takes a service card over (seed 000 steps 5–6): stores it once with its organisation and founder,
 * validates their identifiers, and — in the same transaction — announces the card's first stage on
 * Kafka, tells the gateway the outcome and, for a valid card, asks for the parties' ОКТМО (step 7). A card with a wrong identifier is stored as FLAGGED with
 * an incident: flagged, never lost.
 */
@Component
public class ServiceCardHandler implements MessageHandler<ServiceCard>, DeadLetterHook<ServiceCard> {

    static final String SOURCE = CardStages.SOURCE;
    private static final Logger log = LoggerFactory.getLogger(ServiceCardHandler.class);

    private final CardRepository cards;
    private final Outbox outbox;
    private final Incidents incidents;
    private final EnrichmentRequestSender enrichment;
    private final CardStages stages;

    ServiceCardHandler(CardRepository cards, Outbox outbox, Incidents incidents, EnrichmentRequestSender enrichment,
                       CardStages stages) {
        this.cards = cards;
        this.outbox = outbox;
        this.incidents = incidents;
        this.enrichment = enrichment;
        this.stages = stages;
    }

    @Override
    public Mono<Void> handle(Envelope<ServiceCard> message) {
        ServiceCard card = message.data();
        IdentifierCheck.Result check = IdentifierCheck.check(card);
        CardStage stage = check.valid() ? CardStage.RECEIVED : CardStage.FLAGGED;
        String flagReason = check.valid() ? null : String.join("; ", check.problems());
        return cards.insert(card, stage, flagReason, check)
                .flatMap(inserted -> inserted
                        ? storeDetails(message, check, stage, flagReason).thenReturn(new CardsOutcome(stage, flagReason))
                        : alreadyStored(card))
                .flatMap(stored -> replyOutcome(message, stored));
    }

    /** Rejected for good (retries spent or poison): tell the gateway so its instance fails visibly. */
    @Override
    public Mono<Void> onDeadLetter(Envelope<ServiceCard> message, Throwable error) {
        if (message == null) {
            return Mono.empty();
        }
        CardOutcome outcome = new CardOutcome(message.data().cardId(), message.data().rawMessageId(),
                CardOutcome.Result.REJECTED, rejectionReason(error), message.data().attempt());
        return outbox.toRabbit(Destinations.CARD_OUTCOMES,
                message.reply(MessageTypes.CARD_OUTCOME, SOURCE, message.subject(), outcome));
    }

    /**
     * The reason the gateway stores for a rejected card, for operators: what happened and where to look, never a Java
     * class name (the exception itself is in card-processor's log and in its incident).
     */
    static String rejectionReason(Throwable error) {
        if (Failures.isTransient(error)) {
            return "card-processor could not store the card: its retries were spent (see card-processor's"
                    + " RETRIES_EXHAUSTED incident for this card)";
        }
        if (error instanceof Failures.PermanentFailure permanent && permanent.getMessage() != null) {
            return "card-processor refused the card: " + permanent.getMessage();
        }
        return "card-processor refused the card (see card-processor's incident for this card)";
    }

    /** What follows a card stored now (its organisation and founder were stored with it). */
    private Mono<Void> storeDetails(Envelope<ServiceCard> message, IdentifierCheck.Result check, CardStage stage,
                                    String flagReason) {
        ServiceCard card = message.data();
        return stages.enter(card.cardId(), stage, flagReason, message)
                .then(flagIfInvalid(card, check))
                .then(requestEnrichment(message, check));
    }

    /** Step 7 for a valid card; a FLAGGED card waits for manual analysis first (its identifiers are wrong). */
    private Mono<Void> requestEnrichment(Envelope<ServiceCard> message, IdentifierCheck.Result check) {
        return check.valid() ? enrichment.send(message, SOURCE) : Mono.empty();
    }

    private Mono<Void> flagIfInvalid(ServiceCard card, IdentifierCheck.Result check) {
        if (check.valid()) {
            return Mono.empty();
        }
        log.info("Card {} flagged: {}", card.cardId(), check.problems());
        return incidents.register(new Incident.Draft(IncidentKind.INVALID_IDENTIFIER, card.cardId().toString(),
                        String.join("; ", check.problems()), card.toString(), 1))
                .then();
    }

    private Mono<CardsOutcome> alreadyStored(ServiceCard card) {
        return cards.find(card.cardId()).map(stored -> new CardsOutcome(stored.stage(), stored.flagReason()));
    }

    private Mono<Void> replyOutcome(Envelope<ServiceCard> message, CardsOutcome stored) {
        ServiceCard card = message.data();
        CardOutcome outcome = new CardOutcome(card.cardId(), card.rawMessageId(),
                stored.stage() == CardStage.FLAGGED ? CardOutcome.Result.FLAGGED : CardOutcome.Result.ACCEPTED,
                stored.reason(), card.attempt());
        return outbox.toRabbit(Destinations.CARD_OUTCOMES,
                message.reply(MessageTypes.CARD_OUTCOME, SOURCE, message.subject(), outcome));
    }

    private record CardsOutcome(CardStage stage, String reason) {
    }
}
