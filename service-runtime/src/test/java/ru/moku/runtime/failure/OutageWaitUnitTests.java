package ru.moku.runtime.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutageWaitUnitTests {

    @Test
    void refusalsAreLookedAtAgainWithDoublingCappedDelaysUntilTheLimitWouldBePassed() {
        OutageWait wait = new OutageWait(Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5), 0.0);

        List<Long> delays = new ArrayList<>();
        for (Duration next = wait.next(); next != null; next = wait.next()) {
            delays.add(next.toMillis());
        }

        // 26.2 s in all; one more 5 s would make 31.2 s, past the 30 s.
        assertThat(delays).containsExactly(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L);
        assertThat(wait.next()).as("used up stays used up").isNull();
    }

    @Test
    void aZeroLimitNeverWaits() {
        assertThat(new OutageWait(Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(5), 0.5).next()).isNull();
    }
}
