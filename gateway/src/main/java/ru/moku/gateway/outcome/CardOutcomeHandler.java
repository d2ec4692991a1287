package ru.moku.gateway.outcome;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.InstanceStatus;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.model.intake.CardOutcome;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Closes an integration instance with card-processor's outcome and brings its raw message up to
 * date (ARCHITECTURE.md §5): 3 when all its instances are processed, -3 when all are settled and
 * one failed, 2 while any is still in progress.
 *
 * <p>Runs in the consumer's transaction (with the inbox). The raw message row is locked first, so
 * outcomes of one message are applied one after another: each recomputes the raw status from
 * what the previous one committed, and two outcomes arriving together cannot leave it at 2. The
 * statements (and the lock) are {@link IntakeRepository}'s; this class holds the flow.
 *
 * <p>An outcome carries the publication ({@code attempt}) it answers: once reprocessing published an instance
 * again, a late outcome of the earlier publication is acked, counted ({@code moku.gateway.outcomes.stale}) and
 * dropped, so it never overwrites the newer status.
 */
public final class CardOutcomeHandler implements MessageHandler<CardOutcome> {

    private static final Logger log = LoggerFactory.getLogger(CardOutcomeHandler.class);

    private final IntakeRepository store;
    private final MeterRegistry meters;

    public CardOutcomeHandler(IntakeRepository store, MeterRegistry meters) {
        this.store = Objects.requireNonNull(store, "store");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public Mono<Void> handle(Envelope<CardOutcome> message) {
        CardOutcome outcome = message.data();
        if (outcome.cardId() == null || outcome.result() == null) {
            return Mono.error(new Failures.PermanentFailure("card outcome without card id or result: " + outcome));
        }
        return store.lockRawOfInstance(outcome.cardId())
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure(
                        "card outcome for unknown integration instance " + outcome.cardId())))
                .flatMap(rawMessageId -> settleInstance(outcome)
                        .flatMap(settled -> {
                            if (!settled) {
                                // The instance was published again since: this answers an earlier attempt.
                                log.info("Outcome {} of attempt {} of instance {} dropped: the instance was"
                                        + " published again since", outcome.result(), outcome.attempt(),
                                        outcome.cardId());
                                meters.counter("moku.gateway.outcomes.stale").increment();
                                return Mono.empty();
                            }
                            return store.settleRawStatus(rawMessageId)
                                    .doOnSuccess(v -> log.debug("Instance {} of raw message {} settled: {}",
                                            outcome.cardId(), rawMessageId, outcome.result()));
                        }));
    }

    /** ACCEPTED and FLAGGED: card-processor took the card over (2); REJECTED: failed (-2), reprocessing re-drives it. */
    private Mono<Boolean> settleInstance(CardOutcome outcome) {
        InstanceStatus status = outcome.result() == CardOutcome.Result.REJECTED
                ? InstanceStatus.FAILED : InstanceStatus.PROCESSED;
        return store.settleInstance(outcome.cardId(), status, outcome.result(), outcome.reason(), outcome.attempt());
    }
}
