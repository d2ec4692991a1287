package ru.moku.gateway.inboundauth;

import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import reactor.core.publisher.Mono;
import ru.moku.gateway.surveyapi.FailOpenRedisRateLimiter;

/**
 * The per-client limit of the push endpoint: the survey API's Redis token bucket ({@link FailOpenRedisRateLimiter},
 * shared by every replica, failing open when Redis cannot be asked — authentication, not the limit, keeps strangers
 * out), keyed by the authenticated {@link Caller}.
 */
public interface PushRateLimit {

    /** Every push allowed (the limit is off). */
    PushRateLimit UNLIMITED = caller -> Mono.just(new RateLimiter.Response(true, java.util.Map.of()));

    Mono<RateLimiter.Response> check(Caller caller);

    /** The limit counted by {@code limiter} under {@code routeId}, the caller's key prefixed with {@code keyPrefix}. */
    static PushRateLimit of(FailOpenRedisRateLimiter limiter, String routeId, String keyPrefix) {
        return caller -> limiter.isAllowed(routeId, keyPrefix + caller.id());
    }
}
