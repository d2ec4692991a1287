package ru.moku.orgregistry.lko;

import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.runtime.outbox.Outbox;

/**
 * Queues the hand-off of an organisation to ЛКО (seed 000 step 11) through the outbox: in the caller's transaction,
 * so the hand-off exists exactly when the organisation's state that asks for it does.
 */
@Component
public class HandoffQueue {

    static final String SOURCE = "moku/org-registry";

    private final Outbox outbox;

    HandoffQueue(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Appends a {@code LKO_HANDOFF_REQUESTED} message; requires the caller's transaction.
     *
     * @param cause the message that led here (continues its chain), or {@code null} to start from the card
     */
    public Mono<Void> enqueue(UUID mokuOrganisationId, UUID cardId, Envelope<?> cause) {
        LkoHandoff handoff = new LkoHandoff(mokuOrganisationId, cardId);
        String subject = mokuOrganisationId.toString();
        Envelope<LkoHandoff> message = cause != null
                ? cause.reply(MessageTypes.LKO_HANDOFF_REQUESTED, SOURCE, subject, handoff)
                : Envelope.create(MessageTypes.LKO_HANDOFF_REQUESTED, SOURCE, cardId, null, subject, handoff);
        return outbox.toRabbit(Destinations.LKO_HANDOFFS, message);
    }

    /**
     * Tells card-processor that the organisation is in ЛКО ({@code OrganisationRegistered} through the outbox);
     * requires the caller's transaction.
     *
     * @param cause the message that led here (continues its chain), or {@code null} to start from the card
     */
    public Mono<Void> announceRegistered(OrganisationRegistered event, Envelope<?> cause) {
        String subject = event.mokuOrganisationId().toString();
        Envelope<OrganisationRegistered> message = cause != null
                ? cause.reply(MessageTypes.ORGANISATION_REGISTERED, SOURCE, subject, event)
                : Envelope.create(MessageTypes.ORGANISATION_REGISTERED, SOURCE, event.cardId(), null, subject, event);
        return outbox.toRabbit(Destinations.ORGANISATIONS_REGISTERED, message);
    }
}
