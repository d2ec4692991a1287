package ru.moku.gateway.inboundauth;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import ru.moku.gateway.web.Problems;

/** The problem documents of the push endpoint's authentication and rate limit; {@code instance} is the path. */
final class InboundAuthProblems {

    static final String UNAUTHENTICATED = "unauthenticated";
    static final String FORBIDDEN = "forbidden";
    static final String TOO_MANY_REQUESTS = "too-many-requests";

    private InboundAuthProblems() {
    }

    static ProblemDetail unauthenticated(String reason, String path) {
        return problem(HttpStatus.UNAUTHORIZED, UNAUTHENTICATED, "Not authenticated",
                "Only the platform's SMEV adapter may push: " + reason + ". Nothing was stored.", path);
    }

    static ErrorResponseException unauthenticatedException(String reason, String path) {
        ProblemDetail problem = unauthenticated(reason, path);
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    static ProblemDetail forbidden(String reason, String path) {
        return problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed to push",
                reason + ". Nothing was stored.", path);
    }

    static ProblemDetail tooManyRequests(String retryAfterSeconds, String path) {
        return problem(HttpStatus.TOO_MANY_REQUESTS, TOO_MANY_REQUESTS, "Too many requests",
                "Too many pushes from this client; retry after " + retryAfterSeconds + " s. Nothing was stored.", path);
    }

    private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail, String path) {
        ProblemDetail problem = Problems.of(status, slug, title, detail);
        problem.setInstance(URI.create(path));
        return problem;
    }
}
