package ru.moku.gateway.web;

import java.net.URI;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import ru.moku.runtime.json.EnvelopeCodec;

/**
 * The last line for errors outside controllers (no handler found, a failing filter): a problem
 * document instead of Spring Boot's error map, never a stack trace. Runs before Boot's
 * {@code ErrorWebExceptionHandler} (order -1).
 */
@Component
@Order(-2)
public class ProblemWebExceptionHandler implements WebExceptionHandler {

    private final EnvelopeCodec codec;

    public ProblemWebExceptionHandler(EnvelopeCodec codec) {
        this.codec = codec;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        ProblemDetail problem = problemFor(error, exchange);
        response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
        if (error instanceof ErrorResponse errorResponse) {
            errorResponse.getHeaders().forEach((name, values) -> response.getHeaders().addAll(name, values));
        }
        return Problems.write(response, problem, codec.mapper());
    }

    private static ProblemDetail problemFor(Throwable error, ServerWebExchange exchange) {
        if (error instanceof ErrorResponse errorResponse) {
            ProblemDetail problem = errorResponse.getBody();
            if (Problems.isUntyped(problem)) {
                problem.setType(Problems.typeFor(errorResponse.getStatusCode()));
            }
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            }
            return problem;
        }
        return GatewayProblemAdvice.unexpectedProblem(error, exchange);
    }
}
