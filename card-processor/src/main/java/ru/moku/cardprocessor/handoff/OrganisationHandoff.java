package ru.moku.cardprocessor.handoff;

import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.Outbox;

/**
 * Hands an enriched card's organisation to ПОС.ОС (seed 000 steps 8–10), in the caller's transaction through the
 * outbox, by the configured variant: {@code RABBITMQ} publishes it for org-registry; {@code REST} queues it for this
 * service's own {@link OrganisationHandoffHandler}, which calls org-registry off the transaction. Either way the card goes on
 * when org-registry announces the organisation in ЛКО ({@link OrganisationRegisteredHandler}).
 */
@Component
public class OrganisationHandoff {

    private final OrganisationHandoffRepository repository;
    private final Outbox outbox;
    private final CardProcessorProperties.Handoff properties;

    OrganisationHandoff(OrganisationHandoffRepository repository, Outbox outbox, CardProcessorProperties properties) {
        this.repository = repository;
        this.outbox = outbox;
        this.properties = properties.handoff();
    }

    /**
     * Submits the card's organisation; needs a transaction.
     *
     * @param cause the message that led here (continues its chain), or {@code null} to start one from the card
     */
    public Mono<Void> submit(UUID cardId, Envelope<?> cause) {
        return repository.submission(cardId)
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("no organisation of card " + cardId)))
                .flatMap(submission -> outbox.toRabbit(destination(), envelope(submission, cause)));
    }

    private Destinations.WorkQueue destination() {
        return properties.variant() == CardProcessorProperties.Variant.RABBITMQ
                ? Destinations.ORGANISATION_SUBMISSIONS
                : Destinations.ORGANISATION_HANDOFFS;
    }

    private static Envelope<OrganisationSubmission> envelope(OrganisationSubmission submission, Envelope<?> cause) {
        String subject = submission.cardId().toString();
        return cause != null
                ? cause.reply(MessageTypes.ORGANISATION_SUBMITTED, CardStages.SOURCE, subject, submission)
                : Envelope.create(MessageTypes.ORGANISATION_SUBMITTED, CardStages.SOURCE, submission.cardId(), null,
                        subject, submission);
    }
}
