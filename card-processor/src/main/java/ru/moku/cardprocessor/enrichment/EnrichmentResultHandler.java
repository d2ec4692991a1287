package ru.moku.cardprocessor.enrichment;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.enrichment.EnrichmentRepository.Answer;
import ru.moku.cardprocessor.handoff.OrganisationHandoff;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.EnrichmentResult.PartyResult;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.model.intake.CardStage;
import ru.moku.model.party.PartyRole;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Applies the enrichment service's answer to a card (seed 000 step 7): the ОКТМО, its status (FOUND, NOT_FOUND or
 * FAILED — each stated explicitly) and the reason go onto the organisation and the founder; once both have an
 * answer the card becomes ENRICHED, which is announced on Kafka in the same transaction, and its organisation is handed
 * to ПОС.ОС (steps 8–10). A FAILED party does not
 * hold the card back: its incident is registered by the enrichment service for manual analysis.
 *
 * <p>An answer that cannot be applied — for a card this service does not have, a party role it does not know, an
 * ОКТМО that is not one — is refused for good (dead-lettered with an incident), never half-applied. An answer for a
 * card enriched already is not applied: the card keeps the answer it was handed on with.
 */
@Component
public class EnrichmentResultHandler implements MessageHandler<EnrichmentResult> {

    private static final Logger log = LoggerFactory.getLogger(EnrichmentResultHandler.class);

    private final EnrichmentRepository repository;
    private final CardStages stages;
    private final OrganisationHandoff handoff;

    EnrichmentResultHandler(EnrichmentRepository repository, CardStages stages, OrganisationHandoff handoff) {
        this.repository = repository;
        this.stages = stages;
        this.handoff = handoff;
    }

    @Override
    public Mono<Void> handle(Envelope<EnrichmentResult> message) {
        EnrichmentResult result = message.data();
        if (result.cardId() == null) {
            return Mono.error(new Failures.PermanentFailure("enrichment result " + message.id() + " has no cardId"));
        }
        UUID cardId = result.cardId();
        return repository.lockStage(cardId)
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("no card " + cardId)))
                .flatMap(stage -> stage.canMoveTo(CardStage.ENRICHED) ? apply(message) : ignore(message, stage));
    }

    /** Stores the answer and, once both parties have one, makes the card ENRICHED and hands its organisation on. */
    private Mono<Void> apply(Envelope<EnrichmentResult> message) {
        EnrichmentResult result = message.data();
        UUID cardId = result.cardId();
        // Every answer is checked before anything is written: an answer that cannot be applied changes nothing.
        Map<PartyRole, Answer> answers = new EnumMap<>(PartyRole.class);
        for (PartyResult party : result.results()) {
            if (party.role() == null) {
                return Mono.error(new Failures.PermanentFailure("unknown party role " + party.role() + " for card "
                        + cardId));
            }
            String problem = problemOf(party);
            if (problem != null) {
                return Mono.error(new Failures.PermanentFailure(problem + " (card " + cardId + ")"));
            }
            // A party answered twice in one result keeps the later answer, as when each was an update of its own.
            answers.put(party.role(), new Answer(party.oktmo(), party.outcome(), party.reason()));
        }
        Answer organisation = answers.get(PartyRole.ORGANISATION);
        Answer founder = answers.get(PartyRole.FOUNDER);
        // One result carries every party of the card, so the statement that stores it sees both answers.
        return repository.storeAnswers(cardId, organisation, founder)
                .flatMap(stored -> {
                    if (organisation != null && !stored.organisationStored()) {
                        return Mono.error(new Failures.PermanentFailure("no organisation of card " + cardId));
                    }
                    if (founder != null && !stored.founderStored()) {
                        return Mono.error(new Failures.PermanentFailure("no founder of card " + cardId));
                    }
                    return Mono.just(stored.bothAnswered());
                })
                .filter(Boolean::booleanValue)
                .flatMap(answered -> stages.advance(cardId, CardStage.ENRICHED, summary(result), message))
                .flatMap(enriched -> enriched ? handOff(message) : Mono.empty());
    }

    /**
     * A card already enriched (or further on, or flagged) keeps the answer it was handed on with: a late one — for a
     * request sent again — changes neither its parties nor its stage.
     */
    private static Mono<Void> ignore(Envelope<EnrichmentResult> message, CardStage stage) {
        log.info("Card {} is {} already: enrichment answer {} not applied", message.data().cardId(), stage,
                message.id());
        return Mono.empty();
    }

    /** What is wrong with an answer, or {@code null}: FOUND needs a valid ОКТМО, the others none. */
    private static String problemOf(PartyResult party) {
        if (party.outcome() == null) {
            return "an enrichment answer without an outcome";
        }
        return switch (party.outcome()) {
            case FOUND -> party.oktmo() == null ? "FOUND without an ОКТМО"
                    : Oktmo.problem(party.oktmo()).map(p -> "FOUND with an invalid ОКТМО: " + p).orElse(null);
            case NOT_FOUND, FAILED -> party.oktmo() == null ? null : party.outcome() + " with an ОКТМО";
        };
    }

    /** Steps 8–10 follow at once, in the same transaction: the organisation goes to ПОС.ОС. */
    private Mono<Void> handOff(Envelope<EnrichmentResult> message) {
        return handoff.submit(message.data().cardId(), message);
    }

    /** "ORGANISATION FOUND, FOUNDER NOT_FOUND": what the stage history says about the answer. */
    private static String summary(EnrichmentResult result) {
        return String.join(", ", result.results().stream().map(p -> p.role() + " " + p.outcome()).toList());
    }
}
