package ru.moku.runtime.failure;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, the one rule for the delay before another attempt at a partner: {@code first ·
 * 2^(n-1)}, at most {@code max}, then ± {@code jitter} (a share 0..1) at random so that many callers who failed
 * together do not come back together.
 */
public final class Backoff {

    private Backoff() {
    }

    /** The delay after {@code failedAttempts} (1 = after the first failure). */
    public static Duration exponential(Duration first, Duration max, double jitter, int failedAttempts) {
        long base = first.toMillis() << Math.min(Math.max(failedAttempts, 1) - 1, 30);
        long capped = Math.min(Math.max(base, 0), max.toMillis());
        double spread = jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped * (1 + spread))));
    }
}
