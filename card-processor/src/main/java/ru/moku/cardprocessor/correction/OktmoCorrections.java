package ru.moku.cardprocessor.correction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.handoff.OrganisationHandoff;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.party.OktmoOutcome;

/**
 * The ОКТМО correction loop in МОКУ.QAL (issue 13): a newer answer for a party — its lookup done again after the
 * incident was retried, or an ОКТМО an operator set — goes onto every enriched card with that ИНН/ОГРН, and each
 * changed card's organisation is handed to ПОС.ОС again in the same transaction (through the outbox, as the first
 * hand-off), from where org-registry sends ЛКО the update. A correction older than a party's latest answer changes
 * nothing, and so does one that repeats it: a redelivered or overtaken correction is a no-op.
 */
@Component
public class OktmoCorrections {

    private static final Logger log = LoggerFactory.getLogger(OktmoCorrections.class);

    private final OktmoCorrectionRepository repository;
    private final OrganisationHandoff handoff;

    OktmoCorrections(OktmoCorrectionRepository repository, OrganisationHandoff handoff) {
        this.repository = repository;
        this.handoff = handoff;
    }

    /**
     * Applies the correction and hands the changed cards' organisations on; needs a transaction. The party's cards
     * are locked first, so concurrent corrections of one card's organisation and founder take turns and each hand-off
     * carries what the other committed.
     *
     * @param cause the message that brought it (continues its chain), or {@code null} for an operator's request
     * @return the changed cards
     */
    public Mono<List<UUID>> apply(String identifier, OktmoOutcome outcome, String oktmo, String reason, Instant at,
                                  Envelope<?> cause) {
        return repository.lockCardsOf(identifier)
                .then(repository.apply(identifier, outcome, oktmo, reason, at))
                .flatMap(cards -> Flux.fromIterable(cards)
                        .concatMap(cardId -> handoff.submit(cardId, cause))
                        .then(Mono.fromRunnable(() -> log.info("ОКТМО of {} corrected to {} ({}) on {} card(s)",
                                identifier, oktmo, outcome, cards.size())))
                        .thenReturn(cards));
    }

    /** Whether any card has a party with this ИНН or ОГРН. */
    Mono<Boolean> known(String identifier) {
        return repository.known(identifier);
    }
}
