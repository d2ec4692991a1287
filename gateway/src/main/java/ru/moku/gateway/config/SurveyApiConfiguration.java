package ru.moku.gateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import ru.moku.gateway.surveyapi.SurveyApiGuard;
import ru.moku.gateway.surveyapi.SurveyRateLimiter;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * The public survey API (seed 000 steps 16–18): {@link SurveyApiGuard} checks, then Spring Cloud Gateway routes
 * {@code GET /api/v1/surveys/{token}} and {@code POST /api/v1/surveys/{token}/answers} to survey-service, the same
 * paths there, behind a resilience4j circuit breaker with the response timeout as its time limit. survey-service's
 * answers (status, headers, body) pass through unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SurveyApiProperties.class)
public class SurveyApiConfiguration {

    static final String CIRCUIT_BREAKER = "survey-service";

    /** Public key only: the gateway can check a token, never make one. */
    @Bean
    public SurveyTokens.Verifier surveyTokenVerifier(SurveyApiProperties properties) {
        try {
            return SurveyTokens.verifier(properties.tokenPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("moku.gateway.surveys.token-public-key is not usable: " + e.getMessage(), e);
        }
    }

    @Bean
    public SurveyRateLimiter surveyRateLimiter(ReactiveStringRedisTemplate redis, SurveyApiProperties properties,
                                               MeterRegistry meters) {
        return new SurveyRateLimiter(redis, properties.rateLimit(), meters);
    }

    @Bean
    public SurveyApiGuard surveyApiGuard(SurveyTokens.Verifier surveyTokenVerifier, SurveyRateLimiter surveyRateLimiter,
                                         SurveyApiProperties properties) {
        return new SurveyApiGuard(surveyTokenVerifier, surveyRateLimiter, properties);
    }

    @Bean
    public RouteLocator surveyRoutes(RouteLocatorBuilder routes, SurveyApiProperties properties) {
        String upstream = properties.surveyServiceUrl().toString();
        long connectMillis = properties.connectTimeout().toMillis();
        long responseMillis = properties.responseTimeout().toMillis();
        return routes.routes()
                .route("survey-questionnaire", route -> route
                        .path("/api/v1/surveys/{token}").and().method(HttpMethod.GET)
                        .filters(filters -> filters
                                .circuitBreaker(breaker -> breaker.setName(CIRCUIT_BREAKER))
                                .dedupeResponseHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "RETAIN_FIRST"))
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseMillis)
                        .uri(upstream))
                .route("survey-answers", route -> route
                        .path("/api/v1/surveys/{token}/answers").and().method(HttpMethod.POST)
                        .filters(filters -> filters
                                .circuitBreaker(breaker -> breaker.setName(CIRCUIT_BREAKER))
                                .dedupeResponseHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "RETAIN_FIRST"))
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseMillis)
                        .uri(upstream))
                .build();
    }

    /**
     * The breaker's settings from our properties; its time limit is the response timeout (resilience4j's default of
     * one second would cut survey-service short), answered 504 by the gateway's circuit breaker filter.
     */
    @Bean
    public Customizer<ReactiveResilience4JCircuitBreakerFactory> surveyServiceCircuitBreaker(
            SurveyApiProperties properties) {
        SurveyApiProperties.CircuitBreaker settings = properties.circuitBreaker();
        return factory -> factory.configure(builder -> builder
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(properties.responseTimeout()).build())
                .circuitBreakerConfig(CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRateThreshold())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .slidingWindowSize(Math.max(100, settings.minimumCalls()))
                        .waitDurationInOpenState(settings.openFor())
                        .build()), CIRCUIT_BREAKER);
    }
}
