package ru.moku.survey.web;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.web.InputProblems;
import ru.moku.survey.answers.InvalidAnswersException;
import ru.moku.survey.answers.SurveyAlreadyCompletedException;
import ru.moku.survey.organisation.InvalidOrganisationException;
import ru.moku.survey.questionnaire.UnknownSurveyException;

/**
 * Every error survey-service answers over HTTP is an RFC 9457 problem document ({@code application/problem+json},
 * {@code type https://moku-platform/problems/…}, {@code instance} the request's path), never a stack trace: the
 * survey API's (401, 404, 409, 410, 422), the organisation API's 422, an unreadable request's 400 naming the field,
 * Spring's own (415, …), and anything unexpected (500, or 503 when transient; the cause is logged, not answered).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's own problem-details advice (spring.webflux.problemdetails)
class SurveyServiceProblems {

    static final String PROBLEMS = "https://moku-platform/problems/";
    private static final Logger log = LoggerFactory.getLogger(SurveyServiceProblems.class);

    @ExceptionHandler(SurveyTokens.InvalidToken.class)
    ResponseEntity<ProblemDetail> invalidToken(SurveyTokens.InvalidToken error, ServerHttpRequest request) {
        return problem(request, HttpStatus.UNAUTHORIZED, "invalid-survey-token", "Invalid survey link",
                "The survey link is not valid.");
    }

    @ExceptionHandler(SurveyTokens.ExpiredToken.class)
    ResponseEntity<ProblemDetail> expiredToken(SurveyTokens.ExpiredToken error, ServerHttpRequest request) {
        return problem(request, HttpStatus.GONE, "survey-link-expired", "Survey link expired", error.getMessage());
    }

    @ExceptionHandler(SurveyAlreadyCompletedException.class)
    ResponseEntity<ProblemDetail> completed(SurveyAlreadyCompletedException error, ServerHttpRequest request) {
        return problem(request, HttpStatus.CONFLICT, "survey-already-completed", "Survey already completed",
                "The survey of this link has been answered already.");
    }

    @ExceptionHandler(UnknownSurveyException.class)
    ResponseEntity<ProblemDetail> unknownSurvey(UnknownSurveyException error, ServerHttpRequest request) {
        return problem(request, HttpStatus.NOT_FOUND, "unknown-survey", "Unknown survey", error.getMessage());
    }

    @ExceptionHandler(InvalidAnswersException.class)
    ResponseEntity<ProblemDetail> invalidAnswers(InvalidAnswersException error, ServerHttpRequest request) {
        ResponseEntity<ProblemDetail> response = problem(request, HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-answers", "Invalid answers", error.getMessage());
        response.getBody().setProperty("errors", error.errors());
        return response;
    }

    @ExceptionHandler(InvalidOrganisationException.class)
    ResponseEntity<ProblemDetail> invalidOrganisation(InvalidOrganisationException error,
                                                      ServerHttpRequest request) {
        ResponseEntity<ProblemDetail> response = problem(request, HttpStatus.UNPROCESSABLE_CONTENT,
                "invalid-organisation", "Invalid organisation", error.errors().size() + " invalid field(s)");
        response.getBody().setProperty("errors", error.errors());
        return response;
    }

    /**
     * A request Spring could not read — a body that is not JSON, a value of the wrong type, an unknown enum name, a
     * parameter that does not convert: 400 naming the field ({@code errors: [{field, message}]}), never a 500.
     */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> unreadable(ServerWebInputException error, ServerHttpRequest request) {
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
    ResponseEntity<ProblemDetail> other(Exception error, ServerHttpRequest request) {
        if (error instanceof ErrorResponse response) {
            HttpStatusCode status = response.getStatusCode();
            ProblemDetail body = response.getBody();
            return problem(request, status, "request-rejected", body.getTitle(), body.getDetail());
        }
        if (Failures.isTransient(error)) {
            log.warn("A request failed transiently: {}", error.toString());
            return problem(request, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                    "ЛКО is temporarily unavailable; retry later.");
        }
        log.error("A request failed", error);
        return problem(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "ЛКО could not process the request.");
    }

    private static ResponseEntity<ProblemDetail> problem(ServerHttpRequest request, HttpStatusCode status,
                                                         String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(request.getPath().value()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
