package ru.moku.gateway.inboundauth;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import ru.moku.gateway.web.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Only our SMEV adapter may push ({@code POST /smev/inbound}): every request to that path is authenticated by the
 * deployment's {@link PushAuthenticator} and counted against its caller's rate limit before the push controller sees
 * it. A refusal is a problem document — 401 (no or bad credential, with {@code WWW-Authenticate}), 403 (a valid
 * credential that may not push), 429 (over the limit, with {@code Retry-After}) — and nothing is read or stored.
 * {@value #REFUSED} counts refusals by reason.
 */
public final class InboundAuthFilter implements WebFilter, Ordered {

    /** Refused pushes, tagged {@code reason} = unauthenticated | forbidden | rate-limited. */
    public static final String REFUSED = "moku.gateway.push.auth.refused";

    private static final Logger log = LoggerFactory.getLogger(InboundAuthFilter.class);

    private final String path;
    private final PushAuthenticator authenticator;
    private final String challenge;
    private final PushRateLimit rateLimit;
    private final JsonMapper json;
    private final MeterRegistry meters;

    /**
     * @param path          the push endpoint's path
     * @param authenticator the deployment's mode
     * @param challenge     the scheme named in {@code WWW-Authenticate} of a 401
     * @param rateLimit     the per-client limit
     * @param json          writes the problem documents
     * @param meters        where {@value #REFUSED} is counted
     */
    public InboundAuthFilter(String path, PushAuthenticator authenticator, String challenge, PushRateLimit rateLimit,
                             JsonMapper json, MeterRegistry meters) {
        this.path = Objects.requireNonNull(path, "path");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.challenge = Objects.requireNonNull(challenge, "challenge");
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
        this.json = Objects.requireNonNull(json, "json");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Before every other filter of ours: an unauthenticated push must not cost anything else. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!path.equals(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        AuthDecision decision = authenticator.authenticate(exchange);
        if (decision instanceof AuthDecision.Allowed allowed) {
            return rateLimit.check(allowed.caller())
                    .flatMap(answer -> answer.isAllowed()
                            ? chain.filter(exchange.mutate().request(allowed.request()).build())
                            : tooManyRequests(exchange, allowed.caller(), answer));
        }
        if (decision instanceof AuthDecision.Forbidden forbidden) {
            return refuse(exchange, HttpStatus.FORBIDDEN, "forbidden", forbidden.reason(),
                    InboundAuthProblems.forbidden(forbidden.reason(), path));
        }
        String reason = ((AuthDecision.Unauthenticated) decision).reason();
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return refuse(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", reason,
                InboundAuthProblems.unauthenticated(reason, path));
    }

    private Mono<Void> tooManyRequests(ServerWebExchange exchange, Caller caller, RateLimiter.Response answer) {
        String retryAfter = answer.getHeaders().getOrDefault(HttpHeaders.RETRY_AFTER, "1");
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfter);
        return refuse(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "over the limit: " + caller.description(),
                InboundAuthProblems.tooManyRequests(retryAfter, path));
    }

    private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String reasonTag, String reason,
                              ProblemDetail problem) {
        meters.counter(REFUSED, "reason", reasonTag).increment();
        log.warn("Push from {} refused with {}: {}", exchange.getRequest().getRemoteAddress(), status.value(), reason);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        return Problems.write(response, problem, json);
    }
}
