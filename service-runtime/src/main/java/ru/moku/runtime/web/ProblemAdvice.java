package ru.moku.runtime.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebInputException;
import ru.moku.runtime.failure.Failures;

/**
 * The common part of a service's problem advice: every error it answers over HTTP is an RFC 9457 problem document
 * ({@code application/problem+json}, {@code type https://moku-platform/problems/…}, {@code instance} the request's
 * path), never a stack trace. A service extends it with a {@code @RestControllerAdvice} ordered before Spring Boot's
 * own problem-details advice, and adds handlers for its own exceptions; this class answers an unreadable request
 * with a 400 naming the field, Spring's own errors (404, 409, 415, …) with their status and text, and anything
 * unexpected with a 500 (503 when transient) that says nothing about internals — the cause is logged.
 */
public abstract class ProblemAdvice {

    /** The prefix of every problem {@code type}. */
    public static final String PROBLEMS = "https://moku-platform/problems/";

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private final String serviceName;

    /** @param serviceName the name callers know the service by, for the 500/503 sentences ("ЛКО", "ПОС.ОС") */
    protected ProblemAdvice(String serviceName) {
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    }

    /**
     * A request Spring could not read — a body that is not JSON, a value of the wrong type, an unknown enum name, a
     * parameter that does not convert: 400 naming the field ({@code errors: [{field, message}]}), never a 500.
     */
    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> unreadable(ServerWebInputException error, ServerHttpRequest request) {
        InputProblems.InputProblem input = InputProblems.of(error);
        ResponseEntity<ProblemDetail> response = problem(request, HttpStatus.BAD_REQUEST, "unreadable-request",
                "Unreadable request", input.detail());
        response.getBody().setProperty("errors", List.of(input.asError()));
        return response;
    }

    /**
     * Spring's other errors (415 wrong media type, 404/409 of the incident API …) keep their status and text;
     * anything unexpected is a 500 (503 when transient) that says nothing about internals — the cause is logged.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> other(Exception error, ServerHttpRequest request) {
        if (error instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            ProblemDetail body = response.getBody();
            return problem(request, status, "request-rejected", body.getTitle(), body.getDetail());
        }
        if (Failures.isTransient(error)) {
            log.warn("A request to {} failed transiently: {}", request.getPath().value(), error.toString());
            return problem(request, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                    serviceName + " is temporarily unavailable; retry later.");
        }
        log.error("A request to {} failed", request.getPath().value(), error);
        return problem(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                serviceName + " could not process the request.");
    }

    /** A problem document of {@code type} (appended to {@link #PROBLEMS}) about {@code request}. */
    public static ResponseEntity<ProblemDetail> problem(ServerHttpRequest request, HttpStatusCode status,
                                                        String type, String title, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail(request, status, type, title, detail));
    }

    /**
     * The same problem document as an exception a controller returns in its {@code Mono.error}: Spring answers it
     * with its status and the document as it is.
     */
    public static ErrorResponseException exception(ServerHttpRequest request, HttpStatusCode status, String type,
                                                   String title, String detail) {
        return new ErrorResponseException(status, detail(request, status, type, title, detail), null);
    }

    private static ProblemDetail detail(ServerHttpRequest request, HttpStatusCode status, String type, String title,
                                        String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getPath().value()));
        return problem;
    }
}
