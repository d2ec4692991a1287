package ru.moku.gateway.surveylink;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import reactor.core.publisher.Mono;
import ru.moku.gateway.GatewayApplication;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;

/**
 * Retry of a {@code SURVEY_LINK_NOT_SENT} incident ({@code POST /api/v1/incidents/{id}/retry}): the
 * {@code SurveyLinkIssued} the incident carries goes back on {@code smev.survey-links} through the outbox, in the
 * retry's transaction, as a new message (so a new SMEV {@code MessageID}) caused by the one that failed.
 */
public final class SurveyLinkRedriver implements IncidentRedriver {

    private final Outbox outbox;
    private final EnvelopeCodec codec;

    public SurveyLinkRedriver(Outbox outbox, EnvelopeCodec codec) {
        this.outbox = outbox;
        this.codec = codec;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(IncidentKind.SURVEY_LINK_NOT_SENT);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        return Mono.fromCallable(() -> failedMessage(incident))
                .flatMap(failed -> outbox.toRabbit(Destinations.SURVEY_LINKS, failed.reply(
                        MessageTypes.SURVEY_LINK_ISSUED, GatewayApplication.MESSAGE_SOURCE, failed.subject(), failed.data())));
    }

    private Envelope<SurveyLinkIssued> failedMessage(Incident incident) {
        if (incident.payload() == null) {
            throw new Failures.PermanentFailure("incident " + incident.id() + " carries no survey link to re-send");
        }
        return codec.decode(incident.payload().getBytes(StandardCharsets.UTF_8), SurveyLinkIssued.class);
    }
}
