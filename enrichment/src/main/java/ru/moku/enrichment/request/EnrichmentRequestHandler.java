package ru.moku.enrichment.request;

import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.lookup.OktmoAnswer;
import ru.moku.enrichment.lookup.OktmoLookup;
import ru.moku.enrichment.lookup.OktmoReason;
import ru.moku.enrichment.lookup.PartyIdentifier;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.enrichment.EnrichmentRequest.Party;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.EnrichmentResult.PartyResult;
import ru.moku.model.identifiers.InvalidIdentifierException;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * Answers one enrichment request (seed 000 step 7): looks up every party — by its ИНН when it has one, else by its
 * ОГРН — and appends one {@link EnrichmentResult} for {@code ENRICHMENT_RESULTS} to the outbox in the inbox
 * transaction, so the reply exists exactly when the request is recorded as processed (a second delivery is a
 * no-op).
 *
 * <p>The lookups are the {@linkplain #prepare preparation}: they run before that transaction, so no database
 * connection waits while Dadata takes its time (or the rate limiter makes us wait). They write the cache and, for a
 * failure, an incident on their own; a redelivery after a failed commit asks again and mostly reads the cache. They
 * never fail for Dadata's sake. An invalid identifier is answered FAILED with the reason, without asking Dadata
 * (card-processor flags such a card and has its incident). Every reason is {@link OktmoReason}'s
 * {@code CODE: sentence}.
 */
public class EnrichmentRequestHandler implements PreparedMessageHandler<EnrichmentRequest, List<PartyResult>> {

    static final String SOURCE = "moku/enrichment";

    private final OktmoLookup lookup;
    private final Outbox outbox;
    private final int lookupConcurrency;

    public EnrichmentRequestHandler(OktmoLookup lookup, Outbox outbox, int lookupConcurrency) {
        this.lookup = lookup;
        this.outbox = outbox;
        this.lookupConcurrency = lookupConcurrency;
    }

    @Override
    public Mono<List<PartyResult>> prepare(Envelope<EnrichmentRequest> message) {
        EnrichmentRequest request = message.data();
        if (request.cardId() == null) {
            // Poison, not transient: a reply without a card could never be applied.
            return Mono.error(new IllegalArgumentException("enrichment request " + message.id() + " has no cardId"));
        }
        return lookUpEveryParty(request.parties());
    }

    @Override
    public Mono<Void> handle(Envelope<EnrichmentRequest> message, List<PartyResult> results) {
        return outbox.toRabbit(Destinations.ENRICHMENT_RESULTS,
                reply(message, new EnrichmentResult(message.data().cardId(), results)));
    }

    /**
     * One result per party, in the request's order. The parties' identifiers go to the cache in one read
     * ({@link OktmoLookup#lookupAll}); a party without a usable identifier is answered FAILED without a lookup.
     */
    private Mono<List<PartyResult>> lookUpEveryParty(List<Party> parties) {
        List<Identity> identified = new ArrayList<>(parties.size());
        List<PartyIdentifier> toLookUp = new ArrayList<>();
        for (Party party : parties) {
            Identity identity = identityOf(party);
            identified.add(identity);
            if (identity.identifier() != null) {
                toLookUp.add(identity.identifier());
            }
        }
        return lookup.lookupAll(toLookUp, lookupConcurrency)
                .map(answers -> {
                    List<PartyResult> results = new ArrayList<>(parties.size());
                    for (int i = 0; i < parties.size(); i++) {
                        Identity identity = identified.get(i);
                        results.add(identity.identifier() != null
                                ? answered(parties.get(i), answers.get(identity.identifier().value()))
                                : identity.refused());
                    }
                    return results;
                });
    }

    /** A party's identifier to look it up by, or (without a valid one) its FAILED result. */
    private record Identity(PartyIdentifier identifier, PartyResult refused) {
    }

    private static Identity identityOf(Party party) {
        if (!hasText(party.inn()) && !hasText(party.ogrn())) {
            return new Identity(null, failed(party,
                    OktmoReason.NO_IDENTIFIER.text("The party has neither an ИНН nor an ОГРН; Dadata was not asked.")));
        }
        try {
            return new Identity(identify(party), null);
        } catch (InvalidIdentifierException e) {
            return new Identity(null, failed(party, OktmoReason.INVALID_IDENTIFIER.text(
                    e.kind() + " " + e.value() + " is not valid: " + e.reason() + "; Dadata was not asked.")));
        }
    }

    /** @throws InvalidIdentifierException if the ИНН (or, without one, the ОГРН) is invalid */
    private static PartyIdentifier identify(Party party) {
        return hasText(party.inn()) ? PartyIdentifier.inn(party.inn()) : PartyIdentifier.ogrn(party.ogrn());
    }

    private static PartyResult answered(Party party, OktmoAnswer answer) {
        String oktmo = answer.outcome() == OktmoOutcome.FOUND ? answer.oktmo() : null;
        return new PartyResult(party.role(), answer.identifier(), answer.outcome(), oktmo, answer.reason());
    }

    private static PartyResult failed(Party party, String reason) {
        String given = hasText(party.inn()) ? party.inn() : party.ogrn();
        return new PartyResult(party.role(), given, OktmoOutcome.FAILED, null, reason);
    }

    private static Envelope<EnrichmentResult> reply(Envelope<EnrichmentRequest> request, EnrichmentResult result) {
        return request.reply(MessageTypes.ENRICHMENT_COMPLETED, SOURCE, result.cardId().toString(), result);
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
