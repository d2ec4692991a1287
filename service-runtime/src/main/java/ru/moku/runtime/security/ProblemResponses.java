package ru.moku.runtime.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import ru.moku.runtime.web.ProblemAdvice;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of the security filter: 401 (no token, or one that is expired, unsigned, signed by another key or
 * issued by someone else) and 403 (a valid token whose roles are not enough), both an RFC 9457 problem document like
 * every other error of the platform, with RFC 6750's {@code WWW-Authenticate: Bearer} challenge. They never say why a
 * token was refused beyond the RFC 6750 error code (the reason helps an attacker more than an operator, whose SSO
 * knows it) and never echo the token; the reason is logged at DEBUG without the token.
 */
final class ProblemResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        boolean tokenGiven = failure instanceof OAuth2AuthenticationException;
        // The RFC 6750 code only (invalid_token, invalid_request): a fixed word, never the token or its claims.
        String challenge = failure instanceof OAuth2AuthenticationException oauth
                ? "Bearer error=\"" + oauth.getError().getErrorCode() + "\"" : "Bearer";
        if (tokenGiven) {
            log.debug("Refused a bearer token for {} {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), failure.getMessage());
        }
        return write(exchange, HttpStatus.UNAUTHORIZED, challenge, "unauthorized", "Unauthorized",
                tokenGiven ? "The bearer token is not valid (expired, wrongly signed or from another issuer)."
                        : "A bearer token is required.");
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        return write(exchange, HttpStatus.FORBIDDEN, "Bearer error=\"insufficient_scope\"", "forbidden",
                "Forbidden", "The token's roles do not allow this request.");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String challenge, String type,
                             String title, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemAdvice.PROBLEMS + type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", exchange.getRequest().getPath().value());
        byte[] body = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(body.length);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }
}
