package ru.moku.orgregistry.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import ru.moku.orgregistry.organisation.InvalidSubmissionException;
import ru.moku.runtime.web.ProblemAdvice;

/**
 * Every error org-registry answers over HTTP is an RFC 9457 problem document ({@code application/problem+json},
 * {@code type https://moku-platform/problems/…}, {@code instance} the request's path), never a stack trace: an invalid
 * organisation's 422 listing every field, an unreadable request's 400 naming the field, Spring's own (404/409 of the
 * incident API, 415, …), and anything unexpected (500, or 503 when transient; the cause is logged, not answered).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's own problem-details advice (spring.webflux.problemdetails)
class OrgRegistryProblems extends ProblemAdvice {

    OrgRegistryProblems() {
        super("ПОС.ОС");
    }

    @ExceptionHandler(InvalidSubmissionException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidSubmissionException error, ServerHttpRequest request) {
        ResponseEntity<ProblemDetail> response = problem(request, HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-organisation", "Invalid organisation", error.errors().size() + " invalid field(s)");
        response.getBody().setProperty("errors", error.errors());
        return response;
    }
}
