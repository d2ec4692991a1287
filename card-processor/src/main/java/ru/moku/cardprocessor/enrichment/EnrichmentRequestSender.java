package ru.moku.cardprocessor.enrichment;

import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.enrichment.EnrichmentRequest.Party;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.PartyRole;
import ru.moku.runtime.outbox.Outbox;

/**
 * Asks the enrichment service for the ОКТМО of a stored card's organisation and founder (seed 000 step 7). The
 * request goes through the outbox in the caller's transaction: it exists exactly when the card does.
 */
@Component
public class EnrichmentRequestSender {

    private final Outbox outbox;

    EnrichmentRequestSender(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Appends the request for {@code card} (the message that brought it) to the outbox; needs a transaction. */
    public Mono<Void> send(Envelope<ServiceCard> card, String source) {
        ServiceCard data = card.data();
        EnrichmentRequest request = new EnrichmentRequest(data.cardId(), List.of(
                new Party(PartyRole.ORGANISATION, data.organisation().inn(), data.organisation().ogrn()),
                new Party(PartyRole.FOUNDER, data.founder().inn(), data.founder().ogrn())));
        return outbox.toRabbit(Destinations.ENRICHMENT_REQUESTS,
                card.reply(MessageTypes.ENRICHMENT_REQUESTED, source, card.subject(), request));
    }
}
