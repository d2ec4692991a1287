package ru.moku.gateway.surveyapi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.gateway.config.SurveyApiProperties;

/**
 * A fixed-window request counter per client, kept in Redis so that it holds across gateway replicas. One Lua script
 * per request: increment, start the window's expiry on the first request, return the count and the time left.
 *
 * <p>Redis down or slow: the request is allowed and a warning logged (fail open, see {@link SurveyApiProperties.RateLimit}).
 */
public class SurveyRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SurveyRateLimiter.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}""", List.class);

    /**
     * The verdict for one request.
     *
     * @param allowed    whether it may pass
     * @param retryAfter when the client may try again (whole seconds, at least 1), if refused
     */
    public record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }

    private final ReactiveStringRedisTemplate redis;
    private final SurveyApiProperties.RateLimit settings;
    private final Counter redisFailures;

    public SurveyRateLimiter(ReactiveStringRedisTemplate redis, SurveyApiProperties.RateLimit settings,
                             MeterRegistry meters) {
        this.redis = redis;
        this.settings = settings;
        this.redisFailures = Counter.builder("moku.gateway.surveys.rate-limit.redis-failures")
                .description("requests let through uncounted because Redis could not be asked")
                .register(meters);
    }

    /**
     * Opens the shared Redis connection once, in the background, when the gateway is ready — so that the first
     * counted request does not spend its short Redis timeout on Lettuce's (synchronous) connect. A Redis that is
     * away is only logged: the limiter fails open and connects again on a later request.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void connectEarly() {
        if (!settings.enabled()) {
            return;
        }
        Mono.defer(() -> redis.hasKey(settings.keyPrefix() + "warm-up"))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(found -> log.debug("Redis connected for the survey rate limit"),
                        error -> log.warn("Redis not reachable yet for the survey rate limit: {}", error.toString()));
    }

    /** Counts a request of {@code client} and decides. */
    public Mono<Decision> check(String client) {
        if (!settings.enabled()) {
            return Mono.just(Decision.ALLOWED);
        }
        List<String> keys = List.of(settings.keyPrefix() + client);
        String windowMillis = Long.toString(settings.window().toMillis());
        // Lettuce opens its shared connection synchronously on first use (and again after Redis was away):
        // subscribe on a thread allowed to wait, never on an event loop.
        return Mono.defer(() -> redis.execute(COUNT, keys, List.of(windowMillis)).next())
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(settings.redisTimeout())
                .map(this::decide)
                .onErrorResume(this::failOpen);
    }

    private Decision decide(List<?> countAndTtl) {
        long count = ((Number) countAndTtl.get(0)).longValue();
        long ttlMillis = ((Number) countAndTtl.get(1)).longValue();
        if (count <= settings.requests()) {
            return Decision.ALLOWED;
        }
        return new Decision(false, Duration.ofSeconds(Math.max(1, (ttlMillis + 999) / 1000)));
    }

    /** The documented decision: availability of the survey over exactness of the limit. */
    private Mono<Decision> failOpen(Throwable error) {
        redisFailures.increment();
        log.warn("Rate limit not applied, Redis could not be asked: {}", error.toString());
        return Mono.just(Decision.ALLOWED);
    }
}
