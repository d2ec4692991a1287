package ru.moku.gateway.surveyapi;

import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import ru.moku.gateway.web.Problems;

/** The problem documents the gateway answers itself on the public survey API; {@code instance} is the request path. */
final class SurveyApiProblems {

    static final String ORIGIN_NOT_ALLOWED = "origin-not-allowed";
    static final String TOO_MANY_REQUESTS = "too-many-requests";
    static final String INVALID_SURVEY_TOKEN = "invalid-survey-token";
    static final String SURVEY_LINK_EXPIRED = "survey-link-expired";

    private SurveyApiProblems() {
    }

    static ProblemDetail originNotAllowed(String path) {
        return problem(HttpStatus.FORBIDDEN, ORIGIN_NOT_ALLOWED, "Origin not allowed",
                "This API may be called from the survey front-end's origin only.", path);
    }

    static ProblemDetail tooManyRequests(String retryAfterSeconds, String path) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, "Too many requests",
                "Too many requests from this client; retry after " + retryAfterSeconds + " s.", path);
    }

    static ProblemDetail payloadTooLarge(long maxBytes, String path) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                "The body exceeds the limit of " + maxBytes + " bytes.", path);
    }

    static ErrorResponseException invalidToken(String path) {
        return exception(problem(HttpStatus.UNAUTHORIZED, INVALID_SURVEY_TOKEN, "Invalid survey link",
                "The survey link is not valid.", path));
    }

    static ErrorResponseException expired(Instant expiresAt, String path) {
        return exception(problem(HttpStatus.GONE, SURVEY_LINK_EXPIRED, "Survey link expired",
                "The survey link expired at " + expiresAt + ".", path));
    }

    static ErrorResponseException exception(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    /** For a status a gateway filter set without a body: the generic problem of that status. */
    static ProblemDetail ofStatus(HttpStatusCode status, String path) {
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(Problems.typeFor(status));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known == null ? "HTTP " + status.value() : known.getReasonPhrase());
        problem.setInstance(URI.create(path));
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail, String path) {
        ProblemDetail problem = Problems.of(status, slug, title, detail);
        problem.setInstance(URI.create(path));
        return problem;
    }
}
