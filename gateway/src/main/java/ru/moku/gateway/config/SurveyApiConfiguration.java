package ru.moku.gateway.config;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.RequestRateLimiterGatewayFilterFactory;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import ru.moku.gateway.surveyapi.BufferedBodyLimit;
import ru.moku.gateway.surveyapi.ClientIpKeyResolver;
import ru.moku.gateway.surveyapi.FailOpenRedisRateLimiter;
import ru.moku.gateway.surveyapi.SurveyApiProblemResponses;
import ru.moku.gateway.surveyapi.SurveyTokenCheck;
import ru.moku.gateway.surveyapi.TokenBucket;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * The public survey API (seed 000 steps 16–18) as Spring Cloud Gateway routes: {@code GET /api/v1/surveys/{token}} and
 * {@code POST /api/v1/surveys/{token}/answers} to the same paths on survey-service, each through, in order,
 * <ol>
 *   <li>{@code RequestRateLimiter} with {@link FailOpenRedisRateLimiter} per client IP ({@link ClientIpKeyResolver}),
 *       one bucket per client for both routes (429);</li>
 *   <li>{@link SurveyTokenCheck} (401, 410);</li>
 *   <li>{@code RequestSize} by {@code Content-Length}, then {@link BufferedBodyLimit} for a streamed body (413);</li>
 *   <li>a resilience4j circuit breaker with the response timeout as its time limit (503, 504).</li>
 * </ol>
 * CORS is the gateway's {@code globalcors} configuration ({@code gateway.yml}, origin
 * {@code moku.gateway.surveys.allowed-origin}); {@link SurveyApiProblemResponses} turns the empty refusals of these
 * filters into problem documents. survey-service's answers (status, headers, body) pass through unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SurveyApiProperties.class)
public class SurveyApiConfiguration {

    static final String CIRCUIT_BREAKER = "survey-service";
    /** The rate limiter's route id for both routes: one bucket per client, whichever endpoint it calls. */
    static final String RATE_LIMIT_ID = "survey-api";

    /** Public key only: the gateway can check a token, never make one. */
    @Bean
    public SurveyTokens.Verifier surveyTokenVerifier(SurveyApiProperties properties) {
        try {
            return SurveyTokens.verifier(properties.tokenPublicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("moku.gateway.surveys.token-public-key is not usable: " + e.getMessage(), e);
        }
    }

    /** The one rate limiter of the gateway (Spring Cloud Gateway's default {@code RedisRateLimiter} steps back). */
    @Bean
    public FailOpenRedisRateLimiter surveyRateLimiter(SurveyApiProperties properties, ReactiveStringRedisTemplate redis,
                                                      ConfigurationService configurationService, MeterRegistry meters) {
        SurveyApiProperties.RateLimit rateLimit = properties.rateLimit();
        return new FailOpenRedisRateLimiter(redis, FailOpenRedisRateLimiter.script(), configurationService,
                RATE_LIMIT_ID, TokenBucket.of(rateLimit.requests(), rateLimit.window()), rateLimit.redisTimeout(),
                rateLimit.keyPrefix(), meters);
    }

    @Bean
    public ClientIpKeyResolver surveyClientKeyResolver(SurveyApiProperties properties) {
        return new ClientIpKeyResolver(properties.rateLimit().keyPrefix());
    }

    @Bean
    public SurveyApiProblemResponses surveyApiProblemResponses(EnvelopeCodec codec, SurveyApiProperties properties) {
        return new SurveyApiProblemResponses(codec.mapper(), properties.maxBodySize().toBytes());
    }

    @Bean
    public RouteLocator surveyRoutes(RouteLocatorBuilder routes, SurveyApiProperties properties,
                                     RequestRateLimiterGatewayFilterFactory rateLimiters,
                                     FailOpenRedisRateLimiter surveyRateLimiter, ClientIpKeyResolver surveyClientKeyResolver,
                                     SurveyTokens.Verifier surveyTokenVerifier) {
        String upstream = properties.surveyServiceUrl().toString();
        long connectMillis = properties.connectTimeout().toMillis();
        long responseMillis = properties.responseTimeout().toMillis();
        RequestRateLimiterGatewayFilterFactory.Config rateLimitConfig = new RequestRateLimiterGatewayFilterFactory.Config()
                .setRateLimiter(surveyRateLimiter)
                .setKeyResolver(surveyClientKeyResolver);
        rateLimitConfig.setRouteId(RATE_LIMIT_ID);
        GatewayFilter rateLimit = rateLimiters.apply(rateLimitConfig);
        SurveyTokenCheck tokenCheck = new SurveyTokenCheck(surveyTokenVerifier);
        BufferedBodyLimit bodyLimit = new BufferedBodyLimit(properties.maxBodySize().toBytes());
        Function<GatewayFilterSpec, GatewayFilterSpec> surveyFilters = filters -> {
            if (properties.rateLimit().enabled()) {
                filters.filter(rateLimit);
            }
            return filters
                    .filter(tokenCheck)
                    .setRequestSize(properties.maxBodySize())
                    .filter(bodyLimit)
                    .circuitBreaker(breaker -> breaker.setName(CIRCUIT_BREAKER))
                    .dedupeResponseHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "RETAIN_FIRST");
        };
        return routes.routes()
                .route("survey-questionnaire", route -> route
                        .path("/api/v1/surveys/{" + SurveyTokenCheck.TOKEN_VARIABLE + "}").and().method(HttpMethod.GET)
                        .filters(surveyFilters::apply)
                        .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, connectMillis)
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, responseMillis)
                        .uri(upstream))
                .route("survey-answers", route -> route
                        .path("/api/v1/surveys/{" + SurveyTokenCheck.TOKEN_VARIABLE + "}/answers")
                        .and().method(HttpMethod.POST)
                        .filters(surveyFilters::apply)
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
                        .slidingWindowSize(settings.slidingWindow())
                        .waitDurationInOpenState(settings.openFor())
                        .build()), CIRCUIT_BREAKER);
    }
}
