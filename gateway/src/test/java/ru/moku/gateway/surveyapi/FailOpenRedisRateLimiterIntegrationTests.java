package ru.moku.gateway.surveyapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpServer;
import reactor.test.StepVerifier;

/** Spring Cloud Gateway's Redis rate limiter, failing open, on the real Redis (127.0.0.1:6379) and with Redis away. */
class FailOpenRedisRateLimiterIntegrationTests {

    private static final String ROUTE = "survey-api";
    /** Long enough that no token comes back between two requests of a test, however slow the machine (12 min for one). */
    private static final Duration WINDOW = Duration.ofHours(1);
    /** Every verification waits at most this: the ceiling of a hung limiter, never reached by a working one. */
    private static final Duration CEILING = Duration.ofSeconds(60);

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private DisposableServer silentRedis;

    @AfterEach
    void close() {
        LettuceConnectionFactory real = factories.isEmpty() ? null : factories.get(0);
        if (real != null && real.getPort() == 6379) {
            ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(real);
            redis.keys("*" + prefix + "*").flatMap(redis::delete).blockLast(Duration.ofSeconds(10));
        }
        factories.forEach(LettuceConnectionFactory::destroy);
        if (silentRedis != null) {
            silentRedis.disposeNow(Duration.ofSeconds(5));
        }
    }

    @Test
    void twoReplicasShareOneBucketPerClient() {
        LettuceConnectionFactory redis = factory(6379);
        // 3 requests in a row, then one per 20 min; a Redis timeout no loaded machine reaches, so every request counts.
        FailOpenRedisRateLimiter replicaA = limiter(redis, 3, Duration.ofSeconds(60), new SimpleMeterRegistry());
        FailOpenRedisRateLimiter replicaB = limiter(redis, 3, Duration.ofSeconds(60), new SimpleMeterRegistry());
        String retryAfter = Long.toString(TokenBucket.of(3, WINDOW).retryAfter().toSeconds());

        StepVerifier.create(replicaA.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaA.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.1"))
                .expectNextMatches(response -> !response.isAllowed()
                        && retryAfter.equals(response.getHeaders().get(HttpHeaders.RETRY_AFTER)))
                .expectComplete().verify(CEILING);
        StepVerifier.create(replicaB.isAllowed(ROUTE, prefix + "203.0.113.2"))
                .as("another client has a bucket of its own")
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
    }

    @Test
    void redisAwayLetsRequestsThroughAndCountsTheFailure() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FailOpenRedisRateLimiter limiter = limiter(factory(1), 1, Duration.ofSeconds(60), meters);

        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.3"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);
        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.3"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);

        assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isEqualTo(2);
    }

    @Test
    void aRedisThatDoesNotAnswerWithinTheTimeoutLetsTheRequestThrough() {
        // Accepts connections and never answers: the limiter's own Redis timeout (3 s, shorter than the client's command
        // timeout) lets the request through; whatever the machine's speed, nothing else can answer first.
        silentRedis = TcpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> in.receive().then()).bindNow(Duration.ofSeconds(10));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FailOpenRedisRateLimiter limiter = limiter(factory(silentRedis.port()), 1, Duration.ofSeconds(3), meters);

        StepVerifier.create(limiter.isAllowed(ROUTE, prefix + "203.0.113.4"))
                .expectNextMatches(RateLimiter.Response::isAllowed).expectComplete().verify(CEILING);

        assertThat(meters.counter(FailOpenRedisRateLimiter.REDIS_FAILURES).count()).isEqualTo(1);
    }

    /** The limiter as the gateway sets it up, for route {@value #ROUTE}. */
    private FailOpenRedisRateLimiter limiter(LettuceConnectionFactory factory, int requests, Duration redisTimeout,
                                             SimpleMeterRegistry meters) {
        return new FailOpenRedisRateLimiter(new ReactiveStringRedisTemplate(factory), FailOpenRedisRateLimiter.script(),
                null, ROUTE, TokenBucket.of(requests, WINDOW), redisTimeout, prefix, meters);
    }

    private LettuceConnectionFactory factory(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(30)).build());
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }
}
