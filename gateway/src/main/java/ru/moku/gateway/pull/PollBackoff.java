package ru.moku.gateway.pull;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause of one pull loop after each outcome: none after a message; after an empty queue
 * {@code idleBackoff}, doubling with each further empty answer up to {@code maxIdleBackoff}, back
 * to {@code idleBackoff} once a message arrives; {@code errorBackoff} after an error.
 * One instance per loop; a loop's turns are sequential, so it needs no locking.
 */
final class PollBackoff {

    private final Duration idleBackoff;
    private final Duration maxIdleBackoff;
    private final Duration errorBackoff;
    private Duration nextIdle;

    PollBackoff(Duration idleBackoff, Duration maxIdleBackoff, Duration errorBackoff) {
        this.idleBackoff = Objects.requireNonNull(idleBackoff, "idleBackoff");
        this.maxIdleBackoff = Objects.requireNonNull(maxIdleBackoff, "maxIdleBackoff");
        this.errorBackoff = Objects.requireNonNull(errorBackoff, "errorBackoff");
        this.nextIdle = idleBackoff;
    }

    Duration after(PollOutcome outcome) {
        return switch (outcome) {
            case MESSAGE -> {
                nextIdle = idleBackoff;
                yield Duration.ZERO;
            }
            case EMPTY -> {
                Duration pause = nextIdle;
                Duration doubled = nextIdle.multipliedBy(2);
                nextIdle = doubled.compareTo(maxIdleBackoff) > 0 ? maxIdleBackoff : doubled;
                yield pause;
            }
            case ERROR -> errorBackoff;
        };
    }
}
