package ru.moku.survey.directory;

import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import ru.moku.runtime.web.ProblemAdvice;

/**
 * The directory API's own problem documents; everything else falls through to the service's general advice.
 *
 * <table>
 *   <caption>problems</caption>
 *   <tr><td>400 {@code invalid-oktmo}</td><td>the code of a lookup is malformed</td></tr>
 *   <tr><td>404 {@code unknown-oktmo}</td><td>the directory never had the code</td></tr>
 *   <tr><td>404 {@code unknown-oktmo-version}</td><td>no such version</td></tr>
 *   <tr><td>400 {@code not-an-oktmo-classifier}</td><td>the file is not the classifier (with {@code line})</td></tr>
 *   <tr><td>400 {@code invalid-url}</td><td>the URL to fetch is not an http(s) URL</td></tr>
 *   <tr><td>422 {@code classifier-unfetchable}</td><td>the URL could not be fetched</td></tr>
 * </table>
 */
@RestControllerAdvice(assignableTypes = DirectoryController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DirectoryProblems {

    /** A lookup of a malformed code. */
    static final class InvalidOktmo extends RuntimeException {
        InvalidOktmo(String code, String problem) {
            super("ОКТМО '" + code + "' " + problem);
        }
    }

    /** A lookup of a code the directory never had. */
    static final class UnknownOktmo extends RuntimeException {
        UnknownOktmo(String code) {
            super("The ОКТМО directory has never had the code " + code);
        }
    }

    /** No such version. */
    static final class UnknownVersion extends RuntimeException {
        UnknownVersion(int id) {
            super("The ОКТМО directory has no version " + id);
        }
    }

    /** A URL to fetch that is not one. */
    static final class InvalidUrl extends RuntimeException {
        InvalidUrl(String url, String problem) {
            super("url '" + url + "' " + problem);
        }
    }

    /** A URL that could not be fetched. */
    static final class Unfetchable extends RuntimeException {
        Unfetchable(URI url, Throwable cause) {
            super("The classifier could not be fetched from " + url + ": " + cause.getMessage(), cause);
        }
    }

    @ExceptionHandler(InvalidOktmo.class)
    ResponseEntity<ProblemDetail> invalidOktmo(InvalidOktmo error, ServerHttpRequest request) {
        return ProblemAdvice.problem(request, HttpStatus.BAD_REQUEST, "invalid-oktmo", "Invalid ОКТМО",
                error.getMessage());
    }

    @ExceptionHandler(UnknownOktmo.class)
    ResponseEntity<ProblemDetail> unknownOktmo(UnknownOktmo error, ServerHttpRequest request) {
        return ProblemAdvice.problem(request, HttpStatus.NOT_FOUND, "unknown-oktmo", "Unknown ОКТМО",
                error.getMessage());
    }

    @ExceptionHandler(UnknownVersion.class)
    ResponseEntity<ProblemDetail> unknownVersion(UnknownVersion error, ServerHttpRequest request) {
        return ProblemAdvice.problem(request, HttpStatus.NOT_FOUND, "unknown-oktmo-version",
                "Unknown ОКТМО directory version", error.getMessage());
    }

    @ExceptionHandler(MalformedClassifierException.class)
    ResponseEntity<ProblemDetail> notAClassifier(MalformedClassifierException error, ServerHttpRequest request) {
        ResponseEntity<ProblemDetail> response = ProblemAdvice.problem(request, HttpStatus.BAD_REQUEST,
                "not-an-oktmo-classifier", "Not the ОКТМО classifier", error.getMessage());
        response.getBody().setProperty("line", error.line());
        return response;
    }

    @ExceptionHandler(InvalidUrl.class)
    ResponseEntity<ProblemDetail> invalidUrl(InvalidUrl error, ServerHttpRequest request) {
        return ProblemAdvice.problem(request, HttpStatus.BAD_REQUEST, "invalid-url", "Invalid URL",
                error.getMessage());
    }

    @ExceptionHandler(Unfetchable.class)
    ResponseEntity<ProblemDetail> unfetchable(Unfetchable error, ServerHttpRequest request) {
        return ProblemAdvice.problem(request, HttpStatus.UNPROCESSABLE_CONTENT, "classifier-unfetchable",
                "Classifier unfetchable", error.getMessage());
    }
}
