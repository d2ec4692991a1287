package ru.moku.cardprocessor.survey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * SMEV's word about the SendRequest that carried a card's survey link (the gateway's {@link SurveyLinkDelivery}), in
 * the inbox transaction: every status goes to the card's timeline ({@code survey_link_delivery}); the link's current
 * delivery changes unless it is final already (a final status — DELIVERED, REFUSED — is never replaced); a refusal
 * that becomes the link's delivery now opens incident {@code SURVEY_LINK_REFUSED}, which {@link SurveyLinkResender}
 * re-drives. A status about a card without a link, or about an earlier SendRequest than the link's current one, is
 * ignored (debug log). The card's stage does not change: a refused notification leaves it LINK_SENT, with the
 * incident as the signal.
 */
@Component
public class SurveyLinkDeliveryHandler implements MessageHandler<SurveyLinkDelivery> {

    private static final Logger log = LoggerFactory.getLogger(SurveyLinkDeliveryHandler.class);

    private final CardSurveyRepository repository;
    private final Incidents incidents;
    private final EnvelopeCodec codec;

    SurveyLinkDeliveryHandler(CardSurveyRepository repository, Incidents incidents, EnvelopeCodec codec) {
        this.repository = repository;
        this.incidents = incidents;
        this.codec = codec;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyLinkDelivery> message) {
        SurveyLinkDelivery delivery = message.data();
        return repository.lockDelivery(delivery.cardId())
                .flatMap(current -> {
                    if (current.sentAs() != null && !current.sentAs().equals(delivery.smevMessageId())) {
                        log.debug("Status {} of {} ignored: card {}'s link was sent as {} since", delivery.status(),
                                delivery.smevMessageId(), delivery.cardId(), current.sentAs());
                        return Mono.empty();
                    }
                    if (current.outcome() != null && current.outcome().isFinal()) {
                        return repository.recordDelivery(delivery);
                    }
                    return repository.recordAndApplyDelivery(delivery)
                            .then(delivery.outcome() == SurveyLinkDelivery.Outcome.REFUSED ? refused(message)
                                    : Mono.empty());
                })
                .switchIfEmpty(Mono.fromRunnable(() -> log.debug("Status {} of {} ignored: card {} has no survey link",
                        delivery.status(), delivery.smevMessageId(), delivery.cardId())));
    }

    private Mono<Void> refused(Envelope<SurveyLinkDelivery> message) {
        SurveyLinkDelivery delivery = message.data();
        String reason = "SMEV message " + delivery.smevMessageId() + " with the survey link was refused: "
                + delivery.status() + (delivery.details() == null ? "" : " (" + delivery.details() + ")");
        log.warn("Survey link of card {} refused: {}", delivery.cardId(), reason);
        return incidents.register(new Incident.Draft(IncidentKind.SURVEY_LINK_REFUSED, delivery.cardId().toString(),
                reason, codec.encodeToString(message), 1)).then();
    }
}
