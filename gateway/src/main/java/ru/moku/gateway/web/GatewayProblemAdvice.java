package ru.moku.gateway.web;

import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import ru.moku.runtime.failure.Failures;

/**
 * Every error of a controller becomes an RFC 9457 problem document: Spring's own (415, 404, 400 …)
 * with a type URI of ours, the gateway's {@code ErrorResponseException}s as they are, and anything
 * unexpected as a 500 (503 when transient) that says nothing about internals — the cause is logged.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class GatewayProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemAdvice.class);

    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<ProblemDetail>> unexpected(Exception error, ServerWebExchange exchange) {
        ProblemDetail problem = unexpectedProblem(error, exchange);
        return Mono.just(ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                                   HttpStatusCode status, ServerWebExchange exchange) {
        // Spring passes no body for its own exceptions and takes theirs later: take it now to type it.
        Object problemBody = body == null && ex instanceof ErrorResponse errorResponse ? errorResponse.getBody() : body;
        if (problemBody instanceof ProblemDetail problem && Problems.isUntyped(problem)) {
            problem.setType(Problems.typeFor(status));
        }
        return super.handleExceptionInternal(ex, problemBody, headers, status, exchange);
    }

    /** The problem for an error nobody expected: status and a generic text only. */
    static ProblemDetail unexpectedProblem(Throwable error, ServerWebExchange exchange) {
        String path = exchange.getRequest().getPath().value();
        ProblemDetail problem;
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        if (declared != null && declared.code() != HttpStatus.INTERNAL_SERVER_ERROR) {
            // A library's exception that declares its status (Spring Cloud Gateway's open circuit: 503).
            log.warn("{} {} answered {}: {}", exchange.getRequest().getMethod(), path, declared.code().value(),
                    error.toString());
            problem = ProblemDetail.forStatus(declared.code());
            problem.setType(Problems.typeFor(declared.code()));
            problem.setTitle(declared.code().getReasonPhrase());
        } else if (Failures.isTransient(error)) {
            log.warn("{} {} failed transiently: {}", exchange.getRequest().getMethod(), path, error.toString());
            problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Service unavailable",
                    "A dependency of the gateway is temporarily unavailable; retry later.");
        } else {
            log.error("{} {} failed", exchange.getRequest().getMethod(), path, error);
            problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR, "Internal error",
                    "The gateway could not process the request.");
        }
        problem.setInstance(URI.create(path));
        return problem;
    }
}
