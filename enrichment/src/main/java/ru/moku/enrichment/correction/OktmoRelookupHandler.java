package ru.moku.enrichment.correction;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.lookup.OktmoAnswer;
import ru.moku.enrichment.lookup.OktmoLookup;
import ru.moku.enrichment.lookup.PartyIdentifier;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.enrichment.OktmoRelookup;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * Looks a party up again after its {@code DADATA_LOOKUP_FAILED} incident was retried (issue 13). The lookup is the
 * {@linkplain #prepare preparation}, outside any transaction, through the same cache, single-flight and resilience as
 * an enrichment request. An answer — FOUND, or NOT_FOUND now that Dadata could be asked — goes to card-processor as an
 * {@link OktmoCorrection} through the outbox in the inbox transaction; card-processor applies it to the party's cards
 * and hands them on to ПОС.ОС and ЛКО. FAILED again: nothing is sent, and the lookup has registered a new incident
 * with the reason (the retried one was resolved), which can be retried in its turn.
 */
public class OktmoRelookupHandler implements PreparedMessageHandler<OktmoRelookup, OktmoRelookupHandler.Relooked> {

    private static final Logger log = LoggerFactory.getLogger(OktmoRelookupHandler.class);

    private final OktmoLookup lookup;
    private final Outbox outbox;
    private final Clock clock;

    public OktmoRelookupHandler(OktmoLookup lookup, Outbox outbox, Clock clock) {
        this.lookup = lookup;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A lookup done again and when its answer was had (which orders corrections in card-processor). */
    public record Relooked(OktmoAnswer answer, Instant at) {
    }

    @Override
    public Mono<Relooked> prepare(Envelope<OktmoRelookup> message) {
        PartyIdentifier identifier;
        try {
            identifier = identify(message.data().identifier());
        } catch (IllegalArgumentException e) { // InvalidIdentifierException included
            // Poison, not transient: dead-lettered with an incident that names it.
            return Mono.error(new Failures.PermanentFailure("relookup " + message.id() + ": " + e.getMessage()));
        }
        return lookup.lookup(identifier).map(answer -> new Relooked(answer, clock.instant()));
    }

    @Override
    public Mono<Void> handle(Envelope<OktmoRelookup> message, Relooked relooked) {
        OktmoAnswer answer = relooked.answer();
        if (answer.outcome() == OktmoOutcome.FAILED) {
            log.warn("Lookup of {} retried after incident {} failed again: {}", answer.identifier(),
                    message.data().incidentId(), answer.reason());
            return Mono.empty();
        }
        OktmoCorrection correction = new OktmoCorrection(answer.identifier(), answer.outcome(),
                answer.outcome() == OktmoOutcome.FOUND ? answer.oktmo() : null,
                answer.outcome() == OktmoOutcome.FOUND ? null : answer.reason(), relooked.at());
        return outbox.toRabbit(Destinations.OKTMO_CORRECTIONS,
                message.reply(MessageTypes.OKTMO_CORRECTED, OktmoRelookupRedriver.SOURCE, answer.identifier(),
                        correction));
    }

    /**
     * The incident's subject as the identifier it was looked up by: 10 or 12 digits are an ИНН, 13 or 15 an ОГРН /
     * ОГРНИП (the lengths never overlap).
     */
    static PartyIdentifier identify(String subject) {
        if (subject == null) {
            throw new IllegalArgumentException("no identifier");
        }
        return switch (subject.length()) {
            case 10, 12 -> PartyIdentifier.inn(subject);
            case 13, 15 -> PartyIdentifier.ogrn(subject);
            default -> throw new IllegalArgumentException("'" + subject + "' is neither an ИНН nor an ОГРН");
        };
    }
}
