package ru.moku.gateway.answers;

import reactor.core.publisher.Mono;

/**
 * What an answer changes beyond its own record, e.g. an {@code AsyncProcessingStatus} about the survey link we
 * sent updates the card. Runs inside the intake transaction that stores the answer, so the effect (an outbox
 * message) commits with it or not at all.
 */
@FunctionalInterface
public interface AnswerEffects {

    /** No effect beyond the record. */
    AnswerEffects NONE = answer -> Mono.empty();

    Mono<Void> apply(SmevAnswer answer);
}
