package ru.moku.enrichment.correction;

import java.util.Set;
import reactor.core.publisher.Mono;
import ru.moku.model.enrichment.OktmoRelookup;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;
import ru.moku.runtime.outbox.Outbox;

/**
 * An operator's retry of a {@code DADATA_LOOKUP_FAILED} incident (issue 13, the ОКТМО correction loop): queues the
 * lookup of its party (subject: the ИНН or ОГРН) again through the outbox, in the transaction that resolves the
 * incident; {@link OktmoRelookupHandler} does it off that transaction.
 */
public class OktmoRelookupRedriver implements IncidentRedriver {

    static final String SOURCE = "moku/enrichment";

    private final Outbox outbox;

    public OktmoRelookupRedriver(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(IncidentKind.DADATA_LOOKUP_FAILED);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        // The chain starts at the incident: no card is known here, a party may belong to many.
        Envelope<OktmoRelookup> message = Envelope.create(MessageTypes.OKTMO_RELOOKUP_REQUESTED, SOURCE,
                incident.id(), null, incident.subject(), new OktmoRelookup(incident.subject(), incident.id()));
        return outbox.toRabbit(Destinations.OKTMO_RELOOKUPS, message);
    }
}
