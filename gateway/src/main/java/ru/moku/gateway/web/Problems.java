package ru.moku.gateway.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.IntakeProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem documents of the gateway: one type URI per class of problem,
 * {@code https://moku-platform/problems/<slug>}.
 */
public final class Problems {

    public static final String BASE = "https://moku-platform/problems/";

    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    /** An MTOM package that cannot be read (no boundary, no root part, root not application/xop+xml, …). */
    public static final String MALFORMED_MTOM = "malformed-mtom";
    /** An attachment missing, corrupt or badly signed: the message was not stored (SMEV keeps it). */
    public static final String ATTACHMENT_INVALID = "attachment-invalid";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_FOUND = "not-found";
    public static final String NOTHING_TO_REPROCESS = "nothing-to-reprocess";
    public static final String SPLIT_FAILED = "split-failed";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String SERVICE_UNAVAILABLE = "service-unavailable";

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(BASE + slug);
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** The 400 answer for an SMEV message the intake rejected. */
    public static ProblemDetail of(IntakeProblem problem) {
        return of(HttpStatus.BAD_REQUEST, problem.type().slug(), problem.type().title(), problem.detail());
    }

    /**
     * Writes {@code problem} as the body of {@code response} ({@code application/problem+json}): the RFC 9457 members
     * first, extension members flattened beside them. The status is the caller's to set.
     */
    public static Mono<Void> write(ServerHttpResponse response, ProblemDetail problem, JsonMapper json) {
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        byte[] body = json.writeValueAsBytes(asMap(problem));
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    private static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", String.valueOf(problem.getType()));
        map.put("title", problem.getTitle());
        map.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            map.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            map.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(map::putIfAbsent);
        }
        return map;
    }

    /** Whether a problem has no type of its own yet ({@code about:blank} or none). */
    public static boolean isUntyped(ProblemDetail problem) {
        return problem.getType() == null || "about:blank".equals(problem.getType().toString());
    }

    /** A type for the standard HTTP errors Spring raises (415, 404, 405, 400…), by status. */
    public static URI typeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> type("bad-request");
            case 404 -> type(NOT_FOUND);
            case 405 -> type("method-not-allowed");
            case 406 -> type("not-acceptable");
            case 409 -> type("conflict");
            case 413 -> type(PAYLOAD_TOO_LARGE);
            case 415 -> type(UNSUPPORTED_MEDIA_TYPE);
            case 429 -> type("too-many-requests");
            case 503 -> type(SERVICE_UNAVAILABLE);
            case 504 -> type("gateway-timeout");
            default -> status.is5xxServerError() ? type(INTERNAL_ERROR) : type("http-" + status.value());
        };
    }
}
