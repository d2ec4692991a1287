package ru.moku.simulators.dadata;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Dadata's per-second limit: a request is let through when fewer than {@code limit} requests were let
 * through in the second before it (a sliding window, not a fixed one: a burst at the end of one second and
 * the start of the next is still one burst). Refused requests do not count. Time comes from the clock, so
 * tests move it instead of sleeping.
 *
 * <p>Thread-safe; the lock is held for a few arithmetic operations, never across I/O.
 */
final class SlidingWindowRateLimiter {

    private static final long WINDOW_MILLIS = 1_000;

    private final Clock clock;
    /** Times (epoch milliseconds) of the requests let through within the last window, oldest first. */
    private final Deque<Long> admitted = new ArrayDeque<>();

    SlidingWindowRateLimiter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether one more request may pass now under {@code limit} requests per second; 0 = no limit. */
    synchronized boolean tryAcquire(int limit) {
        if (limit <= 0) {
            return true;
        }
        long now = clock.millis();
        while (!admitted.isEmpty() && admitted.peekFirst() <= now - WINDOW_MILLIS) {
            admitted.pollFirst();
        }
        if (admitted.size() >= limit) {
            return false;
        }
        admitted.addLast(now);
        return true;
    }

    /** Forgets the requests of the current window. */
    synchronized void reset() {
        admitted.clear();
    }
}
