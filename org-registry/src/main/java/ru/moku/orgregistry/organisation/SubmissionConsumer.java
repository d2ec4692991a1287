package ru.moku.orgregistry.organisation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Variant 1 of seed 000 steps 8–10: organisations from {@code pos-os.organisations}. A valid one is accepted like a
 * REST submission; an invalid one is not stored — it becomes an incident {@value #INVALID_ORGANISATION} carrying
 * the message and every invalid field, and the message is acked: recorded, never dropped.
 */
@Component
class SubmissionConsumer implements MessageHandler<OrganisationSubmission> {

    static final IncidentKind INVALID_ORGANISATION = IncidentKind.INVALID_ORGANISATION;
    private static final Logger log = LoggerFactory.getLogger(SubmissionConsumer.class);

    private final OrganisationAcceptance acceptance;
    private final Incidents incidents;
    private final EnvelopeCodec codec;

    SubmissionConsumer(OrganisationAcceptance acceptance, Incidents incidents, EnvelopeCodec codec) {
        this.acceptance = acceptance;
        this.incidents = incidents;
        this.codec = codec;
    }

    @Override
    public Mono<Void> handle(Envelope<OrganisationSubmission> message) {
        return acceptance.accept(message.data(), message)
                .then()
                .onErrorResume(InvalidSubmissionException.class, invalid -> registerInvalid(message, invalid));
    }

    private Mono<Void> registerInvalid(Envelope<OrganisationSubmission> message, InvalidSubmissionException invalid) {
        OrganisationSubmission submission = message.data();
        String subject = submission.mokuOrganisationId() != null ? submission.mokuOrganisationId().toString()
                : message.subject();
        log.info("Organisation {} refused: {}", subject, invalid.getMessage());
        return incidents.register(new Incident.Draft(INVALID_ORGANISATION, subject,
                        "invalid organisation: " + invalid.getMessage(), codec.encodeToString(message), 1))
                .then();
    }
}
