package ru.moku.survey.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.runtime.web.ProblemAdvice;
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
class SurveyServiceProblems extends ProblemAdvice {

    SurveyServiceProblems() {
        super("ЛКО");
    }

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
}
