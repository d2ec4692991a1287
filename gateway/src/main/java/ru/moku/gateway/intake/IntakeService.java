package ru.moku.gateway.intake;

import reactor.core.publisher.Mono;

/**
 * Intake of one SMEV response message, shared by pull and push (seed 000 steps 1–4): parse and
 * validate it securely, store it as a raw message with the status of ARCHITECTURE.md §5, split it
 * into integration instances and publish one service card per instance — all writes in one
 * transaction, so a message is either fully taken or not at all.
 *
 * <p>Whatever reached the gateway is stored, invalid or not; only a failure to store (database
 * down) ends in an error signal, and then nothing was written.
 */
public interface IntakeService {

    /**
     * Takes in one message. Its MTOM parts go to the attachment intake in the storing transaction; the message's
     * {@link InboundMessage#release() release} runs once the intake is over, whatever the outcome.
     */
    Mono<IntakeResult> accept(InboundMessage message, Source source);

    /**
     * Stores a body that is invalid before it can even be parsed (e.g. bytes that are not text in
     * their encoding) with status -1 and {@code problem}.
     */
    Mono<IntakeResult> reject(String body, IntakeProblem problem, Source source);

    /**
     * Records an MTOM message that could not even be read (over a size limit, a malformed package): nothing is
     * stored, an {@code ATTACHMENT_INVALID} incident says why, and the message is not acknowledged.
     *
     * @param smevMessageId SMEV's id when known, else {@code null}
     */
    Mono<IntakeResult> refuse(String smevMessageId, String reason, boolean tooLarge, Source source);
}
