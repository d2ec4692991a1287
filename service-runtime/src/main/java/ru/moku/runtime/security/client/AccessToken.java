package ru.moku.runtime.security.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token as cached: its value, when it is due for replacement (before it expires), and whether a callee refused it.
 * Times are in milliseconds of the scheduler clock, so tests can move them with virtual time.
 */
final class AccessToken {

    private final String value;
    private final long refreshAt;
    private final AtomicBoolean rejected = new AtomicBoolean();

    private AccessToken(String value, long refreshAt) {
        this.value = value;
        this.refreshAt = refreshAt;
    }

    /**
     * A token obtained at {@code now}, valid for {@code lifetime}, replaced {@code refreshBefore} before it expires —
     * at most half its lifetime before, so that a short-lived token is still used more than once.
     */
    static AccessToken of(String value, Duration lifetime, Duration refreshBefore, long now) {
        Duration margin = refreshBefore.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshBefore;
        return new AccessToken(value, now + lifetime.minus(margin).toMillis());
    }

    String value() {
        return value;
    }

    /** Whether the token should be replaced before its next use: due for refresh, or refused by a callee. */
    boolean stale(long now) {
        return rejected.get() || now >= refreshAt;
    }

    /** Marks the token as refused by a callee; returns false when someone else did already. */
    boolean reject() {
        return rejected.compareAndSet(false, true);
    }

    /** The value stays out of logs. */
    @Override
    public String toString() {
        return "AccessToken[refreshAt=" + refreshAt + ", rejected=" + rejected.get() + "]";
    }
}
