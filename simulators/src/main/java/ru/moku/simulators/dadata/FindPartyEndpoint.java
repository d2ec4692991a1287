package ru.moku.simulators.dadata;

import java.time.Duration;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Faults;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /suggestions/api/4_1/rs/findById/party}: Dadata's party lookup by ИНН or ОГРН.
 *
 * <p>A request goes through the checks in this order: the per-second rate limit (429; Dadata's limit is per
 * IP, so it comes before the key), the API key (401), the content type (415), the
 * daily quota (403), then the body (413 too large, 400 malformed or without {@code query}); then an
 * injected failure may take its place (timeout, 500, 502, 503); otherwise the directory answers, 200 with
 * the party or with {@code "suggestions": []}. Every answer waits the injected latency.
 */
@RestController
class FindPartyEndpoint {

    static final String PATH = "/suggestions/api/4_1/rs/findById/party";
    private static final String TOKEN_PREFIX = "Token ";

    private final String expectedAuthorization;
    private final int maxRequestBytes;
    private final PartyDirectory directory;
    private final DadataFaultInjector faultInjector;
    private final SlidingWindowRateLimiter rateLimiter;
    private final DailyQuota quota;
    private final RequestStats stats;
    private final JsonMapper jsonMapper;

    FindPartyEndpoint(DadataSimulatorProperties properties, PartyDirectory directory, DadataFaultInjector faultInjector,
                      SlidingWindowRateLimiter rateLimiter, DailyQuota quota, RequestStats stats,
                      JsonMapper jsonMapper) {
        this.expectedAuthorization = TOKEN_PREFIX + properties.apiKey();
        this.maxRequestBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxRequestSize().toBytes());
        this.directory = directory;
        this.faultInjector = faultInjector;
        this.rateLimiter = rateLimiter;
        this.quota = quota;
        this.stats = stats;
        this.jsonMapper = jsonMapper;
    }

    @PostMapping(PATH)
    Mono<ResponseEntity<Object>> findParty(ServerHttpRequest request) {
        Faults faults = faultInjector.current();
        stats.requestReceived();
        return refusalAtTheDoor(request.getHeaders(), faults)
                .map(Mono::just)
                .orElseGet(() -> readAndAnswer(request, faults))
                .doOnNext(stats::answered)
                .flatMap(answer -> deliver(answer, faults));
    }

    /** Rate limit, key, content type, quota: decided on arrival, from the headers alone. */
    private Optional<Answer> refusalAtTheDoor(HttpHeaders headers, Faults faults) {
        if (!rateLimiter.tryAcquire(faults.rateLimit())) {
            return Optional.of(Answer.tooManyRequests(faults.retryAfter()));
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(Answer.error(HttpStatus.UNAUTHORIZED,
                    "API key is missing: send the header Authorization: Token <API key>"));
        }
        if (!expectedAuthorization.equals(authorization.trim())) {
            return Optional.of(Answer.error(HttpStatus.UNAUTHORIZED, "Unknown API key"));
        }
        if (!isJson(headers)) {
            return Optional.of(Answer.error(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json"));
        }
        if (!quota.tryConsume(faults.dailyQuota())) {
            return Optional.of(Answer.error(HttpStatus.FORBIDDEN,
                    "Daily request limit exceeded (simulators.dadata.faults.daily-quota)"));
        }
        return Optional.empty();
    }

    /** Reads the body within the size limit; a body too large or malformed is the caller's fault (413, 400). */
    private Mono<Answer> readAndAnswer(ServerHttpRequest request, Faults faults) {
        return DataBufferUtils.join(request.getBody(), maxRequestBytes)
                .map(FindPartyEndpoint::bytes)
                .defaultIfEmpty(new byte[0])
                .map(this::parse)
                .map(query -> answer(query, faults))
                .onErrorResume(DataBufferLimitException.class, tooLarge -> Mono.just(Answer.error(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Request body is larger than " + maxRequestBytes + " bytes")))
                .onErrorResume(MalformedRequestException.class, malformed -> Mono.just(Answer.error(
                        HttpStatus.BAD_REQUEST, malformed.getMessage())));
    }

    private FindPartyRequest parse(byte[] body) {
        if (body.length == 0) {
            throw new MalformedRequestException("Request body is empty: send {\"query\": \"<ИНН or ОГРН>\"}");
        }
        FindPartyRequest query;
        try {
            query = jsonMapper.readValue(body, FindPartyRequest.class);
        } catch (JacksonException e) {
            throw new MalformedRequestException("Malformed JSON: " + e.getOriginalMessage());
        }
        if (query == null) {
            throw new MalformedRequestException("Request body must be a JSON object");
        }
        query.problem().ifPresent(problem -> {
            throw new MalformedRequestException(problem);
        });
        return query;
    }

    /** An injected failure in place of the answer, or the directory's answer. */
    private Answer answer(FindPartyRequest query, Faults faults) {
        stats.identifierAsked(query.identifier());
        return switch (faultInjector.nextFailure(faults)) {
            case TIMEOUT -> Answer.timedOut(faults.timeoutDuration());
            case HTTP_500 -> Answer.error(HttpStatus.INTERNAL_SERVER_ERROR,
                    "Internal error (injected: simulators.dadata.faults.http500-rate)");
            case HTTP_502 -> Answer.proxyPage(HttpStatus.BAD_GATEWAY);
            case HTTP_503 -> Answer.proxyPage(HttpStatus.SERVICE_UNAVAILABLE);
            case NONE -> Answer.suggestions(query.select(directory.find(query.identifier())));
        };
    }

    /** After the injected latency (or, for a timeout, the timeout's silence); on a timer, no thread waits. */
    private Mono<ResponseEntity<Object>> deliver(Answer answer, Faults faults) {
        Duration delay = answer.timeout() != null ? answer.timeout() : faultInjector.nextLatency(faults);
        Mono<ResponseEntity<Object>> response = Mono.fromSupplier(answer::toResponseEntity);
        return delay.isZero() ? response : response.delaySubscription(delay);
    }

    /** JSON, or no Content-Type at all (taken for JSON, leniently); anything else is refused. */
    private static boolean isJson(HttpHeaders headers) {
        try {
            MediaType contentType = headers.getContentType();
            return contentType == null || MediaType.APPLICATION_JSON.isCompatibleWith(contentType);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
