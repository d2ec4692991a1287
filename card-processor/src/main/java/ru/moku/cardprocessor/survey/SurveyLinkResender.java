package ru.moku.cardprocessor.survey;

import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;
import ru.moku.runtime.outbox.Outbox;

/**
 * Re-drives {@code SURVEY_LINK_REFUSED}: the card's same link (same token) goes to the gateway again as a new
 * {@code SurveyLinkIssued} — a new message, so a new SendRequest MessageID — and the link forgets its earlier
 * SendRequest and delivery, so that the next {@code SurveyLinkSent} and statuses are the new request's.
 */
@Component
class SurveyLinkResender implements IncidentRedriver {

    private final CardSurveyRepository repository;
    private final Outbox outbox;

    SurveyLinkResender(CardSurveyRepository repository, Outbox outbox) {
        this.repository = repository;
        this.outbox = outbox;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(IncidentKind.SURVEY_LINK_REFUSED);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        UUID cardId = UUID.fromString(incident.subject());
        return repository.resetForResend(cardId)
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("card " + cardId + " has no survey link")))
                .flatMap(link -> outbox.toRabbit(Destinations.SURVEY_LINKS, Envelope.create(
                        MessageTypes.SURVEY_LINK_ISSUED, CardStages.SOURCE, cardId, null, cardId.toString(), link)));
    }
}
