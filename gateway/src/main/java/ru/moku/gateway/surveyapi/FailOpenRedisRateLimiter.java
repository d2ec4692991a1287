package ru.moku.gateway.surveyapi;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Spring Cloud Gateway's Redis rate limiter (a token bucket per client in Redis, one Lua script per request, shared by
 * every replica) that fails open: when Redis cannot be asked within {@code redisTimeout} — down, refusing, slow — the
 * request is let through, a warning is logged and {@value #REDIS_FAILURES} counts it. The survey must stay reachable
 * for applicants; survey-service is still protected by the circuit breaker. A refusal carries {@code Retry-After}.
 *
 * <p>Lettuce opens its shared connection synchronously on first use (and again after Redis was away), so the Redis call
 * is subscribed on a thread allowed to wait, never on an event loop. The Lua script is Spring Cloud Gateway's own,
 * read once at start-up ({@link #script()}): the gateway's script bean re-reads its jar entry's time on every call.
 */
public class FailOpenRedisRateLimiter extends RedisRateLimiter {

    /** Requests let through uncounted because Redis could not be asked. */
    public static final String REDIS_FAILURES = "moku.gateway.surveys.rate-limit.redis-failures";

    /**
     * Our own logger name: {@link RedisRateLimiter} logs under the runtime class (this one) an ERROR with a stack trace
     * for every request while Redis is away, which {@code gateway.yml} silences — this warning is the one that counts.
     */
    static final String LOGGER = "ru.moku.gateway.surveyapi.rate-limit";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);
    /** What {@link RedisRateLimiter} reports as tokens left when it could not run its script (it then allows). */
    private static final String NOT_COUNTED = "-1";

    /** Spring Cloud Gateway's token bucket script on the class path. */
    static final String SCRIPT = "META-INF/scripts/request_rate_limiter.lua";

    private final TokenBucket bucket;
    private final Duration redisTimeout;
    private final ReactiveStringRedisTemplate redis;
    private final String warmUpKey;
    private final Counter redisFailures;

    /**
     * @param redis         where the buckets are
     * @param script        the token bucket script, {@link #script()}
     * @param configuration Spring Cloud Gateway's configuration service
     * @param routeId       the route id the filter asks for: its bucket is {@code bucket}
     * @param bucket        the limit
     * @param redisTimeout  how long one Redis round trip may take before the request is let through uncounted
     * @param keyPrefix     prefix of this limiter's keys, for the early connect's probe
     * @param meters        where {@value #REDIS_FAILURES} is counted
     */
    public FailOpenRedisRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script,
                                    ConfigurationService configuration, String routeId, TokenBucket bucket,
                                    Duration redisTimeout, String keyPrefix, MeterRegistry meters) {
        this(redis, script, configuration, routeId, bucket, redisTimeout, keyPrefix, meters, REDIS_FAILURES);
    }

    /**
     * The same limiter for another endpoint (the push intake's per-client limit), which counts its fail-open requests
     * under a metric of its own, {@code failuresMetric}.
     */
    public FailOpenRedisRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> script,
                                    ConfigurationService configuration, String routeId, TokenBucket bucket,
                                    Duration redisTimeout, String keyPrefix, MeterRegistry meters,
                                    String failuresMetric) {
        super(redis, script, configuration);
        getConfig().put(routeId, new Config()
                .setReplenishRate(bucket.replenishRate())
                .setBurstCapacity(bucket.burstCapacity())
                .setRequestedTokens(bucket.requestedTokens()));
        this.bucket = bucket;
        this.redisTimeout = Objects.requireNonNull(redisTimeout, "redisTimeout");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.warmUpKey = keyPrefix + "warm-up";
        this.redisFailures = Counter.builder(failuresMetric)
                .description("requests let through uncounted because Redis could not be asked")
                .register(meters);
    }

    /** Spring Cloud Gateway's token bucket script, read now from its jar: call at start-up. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static RedisScript<List<Long>> script() {
        try (InputStream lua = Objects.requireNonNull(FailOpenRedisRateLimiter.class.getClassLoader()
                .getResourceAsStream(SCRIPT), "missing " + SCRIPT)) {
            return (RedisScript) RedisScript.of(new String(lua.readAllBytes(), StandardCharsets.UTF_8), List.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT, e);
        }
    }

    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return Mono.defer(() -> super.isAllowed(routeId, id))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(redisTimeout)
                .map(this::noticeUncounted)
                .onErrorResume(this::failOpen)
                .map(this::withRetryAfter);
    }

    /**
     * Opens the shared Redis connection once, in the background, when the gateway is ready — so that the first counted
     * request does not spend its short Redis timeout on Lettuce's connect. A Redis that is away is only logged.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void connectEarly() {
        Mono.defer(() -> redis.hasKey(warmUpKey))
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(found -> log.debug("Redis connected for the survey rate limit"),
                        error -> log.warn("Redis not reachable yet for the survey rate limit: {}", error.toString()));
    }

    /** {@link RedisRateLimiter} itself lets a request through when its script failed: count that as fail-open too. */
    private Response noticeUncounted(Response response) {
        if (NOT_COUNTED.equals(response.getHeaders().get(getRemainingHeader()))) {
            redisFailures.increment();
            log.warn("Rate limit not applied, Redis could not run the rate limiter script");
        }
        return response;
    }

    /** The documented decision: availability of the survey over exactness of the limit. */
    private Mono<Response> failOpen(Throwable error) {
        redisFailures.increment();
        log.warn("Rate limit not applied, Redis could not be asked: {}", error.toString());
        return Mono.just(new Response(true, Map.of()));
    }

    private Response withRetryAfter(Response response) {
        if (response.isAllowed()) {
            return response;
        }
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put(HttpHeaders.RETRY_AFTER, Long.toString(bucket.retryAfter().toSeconds()));
        return new Response(false, headers);
    }
}
