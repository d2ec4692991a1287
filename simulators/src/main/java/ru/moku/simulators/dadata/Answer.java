package ru.moku.simulators.dadata;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The answer {@code findById/party} decided on, before any injected delay: a status, a body and the
 * headers that go with them.
 *
 * @param status      HTTP status
 * @param contentType JSON for Dadata's answers and errors, HTML for its proxy's
 * @param body        {@link Suggestions}, {@link DadataError} or an HTML page
 * @param retryAfter  {@code Retry-After} of a 429; {@code null} or zero = none
 * @param timeout     for an injected timeout: how long to stay silent before the proxy's 504; otherwise {@code null}
 */
record Answer(HttpStatus status, MediaType contentType, Object body, Duration retryAfter, Duration timeout) {

    private static final MediaType TEXT_HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    static Answer suggestions(Suggestions suggestions) {
        return new Answer(HttpStatus.OK, MediaType.APPLICATION_JSON, suggestions, null, null);
    }

    /** Dadata's own JSON error. */
    static Answer error(HttpStatus status, String message) {
        String family = status.is5xxServerError() ? "SERVER_ERROR" : "CLIENT_ERROR";
        return new Answer(status, MediaType.APPLICATION_JSON,
                new DadataError(family, status.getReasonPhrase(), message), null, null);
    }

    static Answer tooManyRequests(Duration retryAfter) {
        Answer error = error(HttpStatus.TOO_MANY_REQUESTS,
                "Too many requests per second (simulators.dadata.faults.rate-limit)");
        return new Answer(error.status(), error.contentType(), error.body(), retryAfter, null);
    }

    /** The page of the proxy in front of Dadata (nginx), not JSON: clients must not expect a JSON body on every error. */
    static Answer proxyPage(HttpStatus status) {
        String title = status.value() + " " + status.getReasonPhrase();
        String page = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
        return new Answer(status, TEXT_HTML, page, null, null);
    }

    /** Silence for {@code timeout}, then the proxy gives up with 504 (if the client has not given up first). */
    static Answer timedOut(Duration timeout) {
        Answer page = proxyPage(HttpStatus.GATEWAY_TIMEOUT);
        return new Answer(page.status(), page.contentType(), page.body(), null, timeout);
    }

    ResponseEntity<Object> toResponseEntity() {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).contentType(contentType);
        if (retryAfter != null && !retryAfter.isZero()) {
            // Retry-After takes whole seconds: round up, never tell the client to come back too early.
            long seconds = (retryAfter.toMillis() + 999) / 1000;
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        }
        return response.body(body);
    }
}
