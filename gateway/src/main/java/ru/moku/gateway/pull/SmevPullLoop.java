package ru.moku.gateway.pull;

import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.InboundMessage;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.mtom.MtomException;

/**
 * One pull loop (seed 000 step 1, "the gateway reads SMEV's responses"): {@code getResponse} →
 * {@code store} → {@code acknowledge}, then the pause {@link PollBackoff} decides, forever.
 *
 * <p>SMEV delivers at least once and keeps a message until it is acknowledged, so the message is
 * acknowledged only after the intake stored it — accepted, a duplicate of one stored before, or
 * rejected but stored as invalid. If storing fails nothing is acknowledged and SMEV delivers the
 * message again later. Every failure becomes {@link PollOutcome#ERROR}: the loop never dies.
 */
final class SmevPullLoop {

    private static final Logger log = LoggerFactory.getLogger(SmevPullLoop.class);

    private final int index;
    private final SmevClient smev;
    private final IntakeService intake;
    private final PollBackoff backoff;
    private final PullMetrics metrics;

    SmevPullLoop(int index, SmevClient smev, IntakeService intake, PollBackoff backoff, PullMetrics metrics) {
        this.index = index;
        this.smev = Objects.requireNonNull(smev, "smev");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** The loop: each turn's outcome, emitted before the pause that follows it. Never completes. */
    Flux<PollOutcome> run() {
        return Mono.defer(this::pollOnce)
                .flatMapMany(outcome -> Flux.just(outcome).concatWith(pause(backoff.after(outcome))))
                .repeat();
    }

    /**
     * An extra loop while SMEV has a backlog: turn after turn without a pause as long as each brings a message; it
     * completes after its first turn without one (empty or an error), emitted as its last outcome.
     */
    Flux<PollOutcome> burst() {
        return Mono.defer(this::pollOnce).repeat().takeUntil(outcome -> outcome != PollOutcome.MESSAGE);
    }

    /** One turn; always ends with an outcome, never with an error. */
    Mono<PollOutcome> pollOnce() {
        return getResponse()
                .flatMap(envelope -> store(envelope).flatMap(this::acknowledge))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    metrics.empty();
                    return PollOutcome.EMPTY;
                }))
                .onErrorResume(TurnFailed.class, failure -> {
                    metrics.error(failure.stage);
                    log.warn("SMEV pull loop {}: {} failed: {}", index, failure.stage, failure.getCause().toString());
                    return Mono.just(PollOutcome.ERROR);
                });
    }

    private Mono<InboundMessage> getResponse() {
        return smev.getResponse()
                .doOnNext(envelope -> metrics.pulled())
                .onErrorResume(MtomException.class, this::refuse)
                .onErrorMap(error -> !(error instanceof TurnFailed),
                        error -> new TurnFailed(PullMetrics.Stage.GET_RESPONSE, error));
    }

    /**
     * An MTOM answer over a limit or malformed: nothing can be stored, so it is recorded as an incident and not
     * acknowledged (SMEV keeps it); the turn ends as an error.
     */
    private Mono<InboundMessage> refuse(MtomException refusal) {
        return intake.refuse(null, refusal.getMessage(), refusal.tooLarge(), Source.PULL)
                .onErrorMap(error -> new TurnFailed(PullMetrics.Stage.INTAKE, error))
                .then(Mono.error(new TurnFailed(PullMetrics.Stage.GET_RESPONSE, refusal)));
    }

    private Mono<IntakeResult> store(InboundMessage envelope) {
        return intake.accept(envelope, Source.PULL)
                .onErrorMap(error -> new TurnFailed(PullMetrics.Stage.INTAKE, error));
    }

    private Mono<PollOutcome> acknowledge(IntakeResult result) {
        if (result instanceof IntakeResult.Refused || result instanceof IntakeResult.Rejected rejected
                && rejected.smevMessageId() != null && !rejected.acknowledgeable()) {
            // Refused (attachments) or a bad signature under the KEEP policy: SMEV is to keep it, by design.
            log.warn("SMEV pull loop {}: message {} left in SMEV, not acknowledged ({})", index,
                    result.smevMessageId(), result.kind());
            metrics.error(PullMetrics.Stage.INTAKE);
            return Mono.just(PollOutcome.ERROR);
        }
        if (!result.acknowledgeable()) {
            // Stored as invalid, but without a MessageId there is nothing to acknowledge: SMEV will
            // deliver it again, so pause as after an error instead of spinning on it.
            log.warn("SMEV pull loop {}: message stored as raw message {} has no readable MessageId and cannot be"
                    + " acknowledged", index, result.rawMessageId());
            metrics.error(PullMetrics.Stage.ACK);
            return Mono.just(PollOutcome.ERROR);
        }
        return smev.ack(result.smevMessageId())
                .onErrorMap(error -> new TurnFailed(PullMetrics.Stage.ACK, error))
                .then(Mono.fromSupplier(() -> {
                    metrics.acked();
                    return PollOutcome.MESSAGE;
                }));
    }

    private static Flux<PollOutcome> pause(Duration duration) {
        return duration.isZero() ? Flux.empty() : Mono.delay(duration).thenMany(Flux.empty());
    }

    /** A failure of one stage of a turn, tagged for the log and the error counter. */
    private static final class TurnFailed extends RuntimeException {

        private final PullMetrics.Stage stage;

        TurnFailed(PullMetrics.Stage stage, Throwable cause) {
            super(stage + " failed", cause, false, false);
            this.stage = stage;
        }
    }
}
