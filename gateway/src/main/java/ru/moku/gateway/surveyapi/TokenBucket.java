package ru.moku.gateway.surveyapi;

import java.time.Duration;

/**
 * The per-client limit "{@code requests} per {@code window}" as Spring Cloud Gateway's Redis rate limiter counts it:
 * a token bucket per client that holds {@link #burstCapacity} tokens, refills {@link #replenishRate} tokens per second
 * and takes {@link #requestedTokens} per request. A client may make {@code requests} requests in a row; after that, one
 * more each time enough tokens have come back, so that over a long time it makes {@code requests} per {@code window}.
 *
 * @param replenishRate   tokens added per second
 * @param burstCapacity   tokens the bucket holds: {@code requests} requests' worth
 * @param requestedTokens tokens one request costs
 */
public record TokenBucket(int replenishRate, long burstCapacity, int requestedTokens) {

    /** The bucket for {@code requests} per {@code window} (whole seconds, at least one). */
    public static TokenBucket of(int requests, Duration window) {
        long seconds = Math.max(1, window.toSeconds());
        if (requests >= seconds) {
            // At least one request per second: one token per request, refilled requests/window per second.
            int rate = (int) ((requests + seconds - 1) / seconds);
            return new TokenBucket(rate, (long) Math.max(requests, rate), 1);
        }
        // Fewer requests than seconds: one token per second, a request costs window/requests seconds' worth.
        int cost = (int) Math.max(1, Math.round((double) seconds / requests));
        return new TokenBucket(1, (long) requests * cost, cost);
    }

    /** How long a refused client waits at most until it has tokens for one request again (whole seconds, ≥ 1). */
    public Duration retryAfter() {
        return Duration.ofSeconds(Math.max(1, (requestedTokens + replenishRate - 1) / replenishRate));
    }
}
