package ru.moku.simulators.lko;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.OrganisationRules.Problem;
import ru.moku.simulators.lko.LkoProxyProperties.Faults;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request for ЛКО that is not the proxy's own ({@code /admin/**}, {@code /actuator/**}): waits the injected
 * latency, then either answers {@code POST /api/v1/organisations} for a refused organisation with the 422 problem
 * document ЛКО itself gives (type {@code organisation-refused}, an {@code errors} entry on {@code inn}), or forwards
 * the request as it came (method, path, query, headers, body) and relays ЛКО's answer as it came. A body the proxy
 * cannot read as an organisation is forwarded unchanged, for ЛКО to judge. ЛКО unreachable or too slow: 502.
 */
final class LkoProxy {

    static final String ORGANISATIONS_PATH = "/api/v1/organisations";
    static final URI REFUSED = URI.create("https://moku-platform/problems/organisation-refused");
    static final URI UNAVAILABLE = URI.create("https://moku-platform/problems/lko-unavailable");
    static final URI TOO_LARGE = URI.create("https://moku-platform/problems/request-too-large");

    /** Headers of one connection, not of the message (RFC 9110 §7.6.1), plus those the client recomputes. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "content-length");

    private final WebClient lko;
    private final URI targetUrl;
    private final int maxBodyBytes;
    private final LkoFaultInjector faults;
    private final LkoProxyCounters counters;
    private final JsonMapper json;

    LkoProxy(WebClient lko, LkoProxyProperties properties, LkoFaultInjector faults, LkoProxyCounters counters,
             JsonMapper json) {
        this.lko = lko;
        this.targetUrl = properties.targetUrl();
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxBodySize().toBytes());
        this.faults = faults;
        this.counters = counters;
        this.json = json;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        Faults current = faults.current();
        return Mono.delay(faults.nextLatency(current))
                .then(readBody(request))
                .flatMap(body -> refusal(request, body, current)
                        .map(problem -> refuse(request, problem))
                        .orElseGet(() -> forward(request, body)))
                .onErrorResume(DataBufferLimitException.class, tooLarge -> problem(request,
                        HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, "Request too large",
                        "the proxy relays bodies of at most " + maxBodyBytes + " bytes"));
    }

    private Mono<byte[]> readBody(ServerRequest request) {
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    /** The refusal a rule gives an organisation request, if any. */
    private Optional<Problem> refusal(ServerRequest request, byte[] body, Faults current) {
        if (request.method() != HttpMethod.POST || !ORGANISATIONS_PATH.equals(request.path())) {
            return Optional.empty();
        }
        return organisation(body)
                .filter(current::refuses)
                .map(refused -> new Problem("inn", "ЛКО refuses this organisation (fault proxy rule)"));
    }

    private Optional<LkoOrganisationRequest> organisation(byte[] body) {
        try {
            return Optional.ofNullable(json.readValue(body, LkoOrganisationRequest.class));
        } catch (JacksonException unreadable) {
            return Optional.empty();
        }
    }

    private Mono<ServerResponse> refuse(ServerRequest request, Problem problem) {
        counters.refused();
        ProblemDetail refused = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                "1 invalid field(s)");
        refused.setType(REFUSED);
        refused.setTitle("Organisation refused");
        refused.setInstance(URI.create(request.path()));
        refused.setProperty("errors", List.of(problem));
        return ServerResponse.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(refused);
    }

    private Mono<ServerResponse> forward(ServerRequest request, byte[] body) {
        WebClient.RequestBodySpec call = lko.method(request.method())
                .uri(target(request))
                .headers(headers -> copy(request.headers().asHttpHeaders(), headers));
        WebClient.RequestHeadersSpec<?> withBody = body.length == 0 ? call : call.bodyValue(body);
        return withBody.exchangeToMono(this::relay)
                .onErrorResume(WebClientRequestException.class, unreachable -> {
                    counters.upstreamFailed();
                    return problem(request, HttpStatus.BAD_GATEWAY, UNAVAILABLE, "ЛКО unavailable",
                            "ЛКО at " + targetUrl + " did not answer: " + unreachable.getMessage());
                });
    }

    /** ЛКО's address for the request: the raw path and query as they came, never decoded and encoded again. */
    private URI target(ServerRequest request) {
        URI incoming = request.uri();
        String query = incoming.getRawQuery();
        return URI.create(targetUrl.toString().replaceAll("/+$", "") + incoming.getRawPath()
                + (query == null ? "" : "?" + query));
    }

    private Mono<ServerResponse> relay(ClientResponse answer) {
        HttpStatusCode status = answer.statusCode();
        return answer.bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    counters.forwarded();
                    ServerResponse.BodyBuilder response = ServerResponse.status(status)
                            .headers(headers -> copy(answer.headers().asHttpHeaders(), headers));
                    return body.length == 0 ? response.build() : response.bodyValue(body);
                });
    }

    private static void copy(HttpHeaders from, HttpHeaders to) {
        from.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                to.addAll(name, values);
            }
        });
    }

    private static Mono<ServerResponse> problem(ServerRequest request, HttpStatus status, URI type, String title,
                                                String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        problem.setInstance(URI.create(request.path()));
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }
}
