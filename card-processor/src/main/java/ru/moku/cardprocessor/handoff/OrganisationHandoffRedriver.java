package ru.moku.cardprocessor.handoff;

import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;

/** Re-drives a hand-off to ПОС.ОС that was refused or found it unavailable: the card's organisation is submitted again. */
@Component
class OrganisationHandoffRedriver implements IncidentRedriver {

    private static final Set<IncidentKind> KINDS =
            Set.of(OrganisationHandoffHandler.REJECTED, OrganisationHandoffHandler.UNAVAILABLE);

    private final OrganisationHandoff handoff;

    OrganisationHandoffRedriver(OrganisationHandoff handoff) {
        this.handoff = handoff;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return KINDS;
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        return handoff.submit(UUID.fromString(incident.subject()), null);
    }
}
