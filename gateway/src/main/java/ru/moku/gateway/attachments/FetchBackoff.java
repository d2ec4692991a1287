package ru.moku.gateway.attachments;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause before the next attempt to fetch a file: {@code first} after the first failure, doubling with each
 * further one, never longer than {@code max}. No jitter: attempts of different files are spread by when each was
 * recorded.
 *
 * @param first pause after the first failed attempt
 * @param max   longest pause
 */
public record FetchBackoff(Duration first, Duration max) {

    public FetchBackoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
    }

    /** The pause after failed attempt number {@code attempt} (1 for the first). */
    public Duration after(int attempt) {
        Duration pause = first;
        for (int failed = 1; failed < attempt && pause.compareTo(max) < 0; failed++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) > 0 ? max : pause;
    }
}
