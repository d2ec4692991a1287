package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import ru.moku.simulators.testing.MutableClock;

/** The per-second limit on a clock the tests move: no sleeping. */
class SlidingWindowRateLimiterUnitTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    private final SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(clock);

    @Test
    void theLimitPassesWithinOneSecondAndTheNextRequestIsRefused() {
        assertThat(IntStream.range(0, 3).mapToObj(i -> limiter.tryAcquire(3))).containsOnly(true);

        assertThat(limiter.tryAcquire(3)).isFalse();
    }

    @Test
    void theWindowSlidesInsteadOfStartingAfreshEachSecond() {
        limiter.tryAcquire(2);
        clock.advance(Duration.ofMillis(600));
        limiter.tryAcquire(2);
        clock.advance(Duration.ofMillis(300));
        assertThat(limiter.tryAcquire(2)).as("two within the last second").isFalse();

        clock.advance(Duration.ofMillis(100));

        assertThat(limiter.tryAcquire(2)).as("the first left the window").isTrue();
        assertThat(limiter.tryAcquire(2)).isFalse();
    }

    @Test
    void refusedRequestsDoNotCount() {
        limiter.tryAcquire(1);
        clock.advance(Duration.ofMillis(500));
        limiter.tryAcquire(1);
        clock.advance(Duration.ofMillis(500));

        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(IntStream.range(0, 10_000).mapToObj(i -> limiter.tryAcquire(0))).containsOnly(true);
    }

    @Test
    void resetForgetsTheCurrentWindow() {
        limiter.tryAcquire(1);

        limiter.reset();

        assertThat(limiter.tryAcquire(1)).isTrue();
    }
}
