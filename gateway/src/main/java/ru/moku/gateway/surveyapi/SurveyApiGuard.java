package ru.moku.gateway.surveyapi;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.config.SurveyApiProperties;
import ru.moku.gateway.web.Problems;
import ru.moku.runtime.survey.SurveyTokens;

/**
 * What the gateway checks itself before a request of the public survey API ({@value #PREFIX}…) is routed to
 * survey-service (seed 000 steps 16–18), in this order, each refusal an RFC 9457 problem:
 * <ol>
 *   <li>CORS: only {@code moku.gateway.surveys.allowed-origin} may call cross-origin (403 otherwise); a valid
 *       preflight is answered here;</li>
 *   <li>rate limit per client IP, counted in Redis (429 with {@code Retry-After});</li>
 *   <li>the survey token in the path, with the public key only (401 not ours or tampered with, 410 expired);</li>
 *   <li>the body size (413), by {@code Content-Length} and while the body streams through.</li>
 * </ol>
 * Runs as a {@link WebFilter} before the routing, so a refused request never reaches survey-service.
 */
public class SurveyApiGuard implements WebFilter, Ordered {

    static final String PREFIX = "/api/v1/surveys/";
    private static final PathPattern QUESTIONNAIRE = PathPatternParser.defaultInstance.parse("/api/v1/surveys/{token}");
    private static final PathPattern ANSWERS = PathPatternParser.defaultInstance.parse("/api/v1/surveys/{token}/answers");

    private final SurveyTokens.Verifier tokens;
    private final SurveyRateLimiter rateLimiter;
    private final CorsConfiguration cors;
    private final CorsProcessor corsProcessor = new DefaultCorsProcessor();
    private final long maxBodyBytes;

    public SurveyApiGuard(SurveyTokens.Verifier tokens, SurveyRateLimiter rateLimiter, SurveyApiProperties properties) {
        this.tokens = tokens;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
        CorsConfiguration configuration = new CorsConfiguration();
        configuration.addAllowedOrigin(properties.allowedOrigin());
        configuration.addAllowedMethod("GET");
        configuration.addAllowedMethod("POST");
        configuration.addAllowedHeader(HttpHeaders.CONTENT_TYPE);
        configuration.addAllowedHeader(HttpHeaders.ACCEPT);
        configuration.addExposedHeader(HttpHeaders.RETRY_AFTER);
        configuration.setMaxAge(3600L);
        this.cors = configuration;
    }

    /** Early among the web filters, so a refused request costs as little as possible. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        if (!corsProcessor.process(cors, exchange)) {
            return Mono.error(problem(HttpStatus.FORBIDDEN, "origin-not-allowed", "Origin not allowed",
                    "This API may be called from the survey front-end's origin only.", path));
        }
        if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
            return Mono.empty();
        }
        return rateLimiter.check(clientOf(exchange.getRequest()))
                .flatMap(decision -> decision.allowed() ? Mono.empty() : Mono.error(tooManyRequests(decision, path)))
                .then(Mono.defer(() -> checkToken(path)))
                .then(Mono.defer(() -> chain.filter(limitBody(exchange, path))));
    }

    private Mono<Void> checkToken(String path) {
        PathContainer container = PathContainer.parsePath(path);
        PathPattern.PathMatchInfo match = QUESTIONNAIRE.matchAndExtract(container);
        if (match == null) {
            match = ANSWERS.matchAndExtract(container);
        }
        if (match == null) {
            // Not one of the API's paths: no route either, the answer is a 404 problem.
            return Mono.empty();
        }
        try {
            tokens.verify(match.getUriVariables().get("token"));
            return Mono.empty();
        } catch (SurveyTokens.ExpiredToken expired) {
            return Mono.error(problem(HttpStatus.GONE, "survey-link-expired", "Survey link expired",
                    "The survey link expired at " + expired.claims().expiresAt() + ".", path));
        } catch (SurveyTokens.InvalidToken invalid) {
            return Mono.error(problem(HttpStatus.UNAUTHORIZED, "invalid-survey-token", "Invalid survey link",
                    "The survey link is not valid.", path));
        }
    }

    private ServerWebExchange limitBody(ServerWebExchange exchange, String path) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBodyBytes) {
            throw tooLarge("Content-Length " + declared, path);
        }
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().map(buffer -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBodyBytes) {
                        DataBufferUtils.release(buffer);
                        throw tooLarge("the body", path);
                    }
                    return buffer;
                });
            }
        };
        return exchange.mutate().request(limited).build();
    }

    private ErrorResponseException tooLarge(String what, String path) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                what + " exceeds the limit of " + maxBodyBytes + " bytes.", path);
    }

    private static ErrorResponseException tooManyRequests(SurveyRateLimiter.Decision decision, String path) {
        ErrorResponseException error = problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests",
                "Too many requests from this client; retry after " + decision.retryAfter().toSeconds() + " s.", path);
        error.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfter().toSeconds()));
        return error;
    }

    /** The client's IP: the peer, or the ingress's {@code X-Forwarded-For} when forwarded headers are trusted. */
    private static String clientOf(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }

    private static ErrorResponseException problem(HttpStatus status, String slug, String title, String detail,
                                                  String path) {
        ProblemDetail problem = Problems.of(status, slug, title, detail);
        problem.setInstance(URI.create(path));
        return new ErrorResponseException(status, problem, null);
    }
}
