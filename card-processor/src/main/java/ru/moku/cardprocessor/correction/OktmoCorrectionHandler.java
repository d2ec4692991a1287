package ru.moku.cardprocessor.correction;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.party.OktmoOutcome;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * {@code qal.oktmo-corrections}: the enrichment service's newer answer for a party whose lookup had failed (issue 13),
 * applied by {@link OktmoCorrections} in the inbox transaction. A correction that cannot be applied — no identifier, no
 * time, FAILED, FOUND without a valid ОКТМО — is refused for good (dead-lettered with an incident), never half-applied.
 */
@Component
class OktmoCorrectionHandler implements MessageHandler<OktmoCorrection> {

    private final OktmoCorrections corrections;

    OktmoCorrectionHandler(OktmoCorrections corrections) {
        this.corrections = corrections;
    }

    @Override
    public Mono<Void> handle(Envelope<OktmoCorrection> message) {
        OktmoCorrection correction = message.data();
        String problem = problemOf(correction);
        if (problem != null) {
            return Mono.error(new Failures.PermanentFailure("ОКТМО correction " + message.id() + ": " + problem));
        }
        return corrections.apply(correction.identifier(), correction.outcome(), correction.oktmo(),
                correction.reason(), correction.correctedAt(), message).then();
    }

    static String problemOf(OktmoCorrection correction) {
        if (correction.identifier() == null || correction.identifier().isBlank()) {
            return "no identifier";
        }
        if (correction.correctedAt() == null) {
            return "no correctedAt";
        }
        if (correction.outcome() == null || correction.outcome() == OktmoOutcome.FAILED) {
            return "outcome must be FOUND or NOT_FOUND, not " + correction.outcome();
        }
        if (correction.outcome() == OktmoOutcome.FOUND) {
            return correction.oktmo() == null ? "FOUND without an ОКТМО"
                    : Oktmo.problem(correction.oktmo()).map(p -> "FOUND with an invalid ОКТМО: " + p).orElse(null);
        }
        return correction.oktmo() == null ? null : "NOT_FOUND with an ОКТМО";
    }
}
