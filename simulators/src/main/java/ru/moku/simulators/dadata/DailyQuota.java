package ru.moku.simulators.dadata;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Dadata's daily request limit: every request that passed the rate limit and the key check counts, and
 * once {@code limit} were counted on one day (in {@code zone}, Moscow for Dadata) every further one is
 * refused until midnight or until {@link #reset()}. Thread-safe.
 */
final class DailyQuota {

    private final Clock clock;
    private final ZoneId zone;
    private LocalDate day;
    private long used;

    DailyQuota(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.day = today();
    }

    /** Counts one request if today's {@code limit} (0 = none) is not spent yet; whether it was counted. */
    synchronized boolean tryConsume(long limit) {
        rollOver();
        if (limit > 0 && used >= limit) {
            return false;
        }
        used++;
        return true;
    }

    synchronized QuotaState state(long limit) {
        rollOver();
        return new QuotaState(day, limit, used, limit > 0 ? Math.max(0, limit - used) : null);
    }

    /** Starts the day afresh, as midnight would. */
    synchronized void reset() {
        day = today();
        used = 0;
    }

    private void rollOver() {
        LocalDate today = today();
        if (!today.equals(day)) {
            day = today;
            used = 0;
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }
}
