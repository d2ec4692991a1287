package ru.moku.simulators.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import ru.moku.simulators.testing.MutableClock;

/** The daily limit on a clock the tests move; the day is Moscow's, as Dadata's. */
class DailyQuotaUnitTests {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    // 20:30 UTC is 23:30 in Moscow: half an hour before the quota's midnight.
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T20:30:00Z"));
    private final DailyQuota quota = new DailyQuota(clock, MOSCOW);

    @Test
    void requestsAfterTheQuotaAreRefused() {
        assertThat(quota.tryConsume(2)).isTrue();
        assertThat(quota.tryConsume(2)).isTrue();

        assertThat(quota.tryConsume(2)).isFalse();
        assertThat(quota.state(2)).isEqualTo(new QuotaState(LocalDate.of(2025, 3, 1), 2, 2, 0L));
    }

    @Test
    void theQuotaStartsAfreshAtMidnightInMoscowNotInUtc() {
        quota.tryConsume(1);
        assertThat(quota.tryConsume(1)).isFalse();

        clock.advance(Duration.ofMinutes(31));

        assertThat(quota.tryConsume(1)).isTrue();
        assertThat(quota.state(1).day()).isEqualTo(LocalDate.of(2025, 3, 2));
    }

    @Test
    void resetStartsTheDayAfresh() {
        quota.tryConsume(1);

        quota.reset();

        assertThat(quota.tryConsume(1)).isTrue();
    }

    @Test
    void withoutAQuotaRequestsAreCountedButNeverRefused() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(quota.tryConsume(0)).isTrue();
        }
        assertThat(quota.state(0)).extracting(QuotaState::used, QuotaState::remaining).containsExactly(1_000L, null);
    }
}
