package ru.moku.gateway.surveyapi;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import ru.moku.gateway.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Cloud Gateway's filters and its CORS check refuse a request of the public survey API ({@value #PREFIX}…) with a
 * status and an empty body: {@code RequestRateLimiter} 429, {@code RequestSize} 413, a foreign origin 403. This filter
 * turns such an empty refusal into the RFC 9457 problem document every other error of the gateway is, with
 * {@code instance} = the request path; the headers the refusing filter set ({@code Retry-After}, the
 * {@code X-RateLimit-*} ones) stay. survey-service's own answers are never touched: they are written, not completed empty.
 */
public class SurveyApiProblemResponses implements WebFilter, Ordered {

    /** The path prefix of the public survey API. */
    public static final String PREFIX = "/api/v1/surveys/";

    private final JsonMapper json;
    private final long maxBodyBytes;

    public SurveyApiProblemResponses(JsonMapper json, long maxBodyBytes) {
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Early among the web filters: it must wrap the response before the gateway's handler sees it. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith(PREFIX)) {
            return chain.filter(exchange);
        }
        ServerHttpResponse original = exchange.getResponse();
        ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(original) {
            /** A gateway filter refusing the request: a problem instead of the empty body. */
            @Override
            public Mono<Void> setComplete() {
                return isEmptyRefusal(this, exchange) ? writeProblem(getDelegate(), path) : super.setComplete();
            }
        };
        // The CORS check sets 403 and leaves completing the response to the server: the problem is written after.
        return chain.filter(exchange.mutate().response(response).build())
                .then(Mono.defer(() -> isEmptyRefusal(original, exchange) ? writeProblem(original, path) : Mono.empty()));
    }

    private static boolean isEmptyRefusal(ServerHttpResponse response, ServerWebExchange exchange) {
        HttpStatusCode status = response.getStatusCode();
        return status != null && status.isError() && !response.isCommitted()
                && !ServerWebExchangeUtils.isAlreadyRouted(exchange);
    }

    private Mono<Void> writeProblem(ServerHttpResponse response, String path) {
        HttpStatusCode status = response.getStatusCode();
        ProblemDetail problem = switch (status.value()) {
            case 403 -> SurveyApiProblems.originNotAllowed(path);
            case 413 -> SurveyApiProblems.payloadTooLarge(maxBodyBytes, path);
            case 429 -> SurveyApiProblems.tooManyRequests(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), path);
            default -> SurveyApiProblems.ofStatus(status, path);
        };
        return Problems.write(response, problem, json);
    }
}
