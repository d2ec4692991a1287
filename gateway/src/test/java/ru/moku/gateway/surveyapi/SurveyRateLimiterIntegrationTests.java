package ru.moku.gateway.surveyapi;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.test.StepVerifier;
import ru.moku.gateway.config.SurveyApiProperties;

/** The rate limiter on the real Redis (127.0.0.1:6379), and with Redis away. */
class SurveyRateLimiterIntegrationTests {

    private final String prefix = "test:" + UUID.randomUUID() + ":";
    private LettuceConnectionFactory redis;
    private LettuceConnectionFactory unreachable;

    @AfterEach
    void close() {
        if (redis != null) {
            new ReactiveStringRedisTemplate(redis).keys(prefix + "*")
                    .flatMap(key -> new ReactiveStringRedisTemplate(redis).delete(key)).blockLast(Duration.ofSeconds(5));
            redis.destroy();
        }
        if (unreachable != null) {
            unreachable.destroy();
        }
    }

    @Test
    void twoReplicasShareOneCounterPerClient() {
        redis = factory(6379);
        SurveyRateLimiter replicaA = limiter(redis, 3);
        SurveyRateLimiter replicaB = limiter(redis, 3);

        StepVerifier.create(replicaA.check("203.0.113.1")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .verifyComplete();
        StepVerifier.create(replicaB.check("203.0.113.1")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .verifyComplete();
        StepVerifier.create(replicaA.check("203.0.113.1")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .verifyComplete();
        StepVerifier.create(replicaB.check("203.0.113.1"))
                .expectNextMatches(decision -> !decision.allowed() && decision.retryAfter().toSeconds() >= 1
                        && decision.retryAfter().toSeconds() <= 60)
                .verifyComplete();
        StepVerifier.create(replicaB.check("203.0.113.2")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .as("another client has a counter of its own")
                .verifyComplete();
    }

    @Test
    void redisAwayLetsRequestsThroughAndCountsTheFailure() {
        unreachable = factory(1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SurveyRateLimiter limiter = new SurveyRateLimiter(new ReactiveStringRedisTemplate(unreachable),
                settings(1), meters);

        StepVerifier.create(limiter.check("203.0.113.3")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .verifyComplete();
        StepVerifier.create(limiter.check("203.0.113.3")).expectNextMatches(SurveyRateLimiter.Decision::allowed)
                .verifyComplete();

        org.assertj.core.api.Assertions.assertThat(
                meters.counter("moku.gateway.surveys.rate-limit.redis-failures").count()).isEqualTo(2);
    }

    private SurveyRateLimiter limiter(LettuceConnectionFactory factory, int requests) {
        return new SurveyRateLimiter(new ReactiveStringRedisTemplate(factory), settings(requests),
                new SimpleMeterRegistry());
    }

    private SurveyApiProperties.RateLimit settings(int requests) {
        return new SurveyApiProperties.RateLimit(true, requests, Duration.ofMinutes(1), Duration.ofSeconds(2), prefix);
    }

    private static LettuceConnectionFactory factory(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
