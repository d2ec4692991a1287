package ru.moku.enrichment.dadata;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.runtime.partner.PartnerWebClient;

/**
 * Dadata's {@code findById/party} on WebClient: one call, no retries (those are the lookup's), every answer
 * other than 200 mapped to a {@link DadataFailure} type. Each attempt is timed in {@value #CALLS_METRIC}.
 */
public class DadataClient {

    /**
     * Timer of HTTP attempts, one per subscription, tagged {@code status} (the HTTP status, else {@code timeout},
     * {@code io_error} or {@code cancelled}) and {@code outcome} ({@code found}, {@code not_found},
     * {@code pressure}, {@code access_denied}, {@code rejected}, {@code unavailable}, {@code failed},
     * {@code cancelled}).
     */
    public static final String CALLS_METRIC = "moku.enrichment.dadata.calls";

    static final String FIND_PARTY_PATH = "/suggestions/api/4_1/rs/findById/party";
    /** Characters of an error answer kept in a failure: Dadata's error bodies are short JSON documents. */
    private static final int MAX_ANSWER_QUOTED = 500;

    private final PartnerWebClient http;
    private final DadataCallMeter callMeter;

    /** A client whose metrics stay in a registry of its own (tools, benchmarks). */
    public DadataClient(EnrichmentProperties.Dadata properties) {
        this(properties, new SimpleMeterRegistry());
    }

    public DadataClient(EnrichmentProperties.Dadata properties, MeterRegistry meters) {
        this.callMeter = new DadataCallMeter(meters);
        // One pooled, keep-alive pool: Dadata allows only ~60 new connections per minute per IP.
        this.http = new PartnerWebClient("dadata", properties.baseUrl(), properties.maxConnections(),
                properties.connectTimeout(), builder -> builder
                        .defaultHeader(HttpHeaders.AUTHORIZATION, "Token " + properties.apiKey())
                        .codecs(codecs -> codecs.defaultCodecs()
                                .maxInMemorySize((int) properties.maxInMemorySize().toBytes())));
    }

    /** The ОКТМО of the party with this ИНН or ОГРН; fails with a {@link DadataFailure} type. */
    public Mono<PartyOktmo> findOktmo(String identifier) {
        return Mono.defer(() -> {
            DadataCallMeter.Attempt attempt = callMeter.start();
            return post(identifier, attempt)
                    .doOnNext(attempt::answered)
                    .doOnError(attempt::failed)
                    // The lookup's time limiter cancels an attempt that takes too long: it has no answer to record.
                    .doOnCancel(attempt::cancelled);
        });
    }

    private Mono<PartyOktmo> post(String identifier, DadataCallMeter.Attempt attempt) {
        FindPartyRequest request = FindPartyRequest.forIdentifier(identifier);
        return http.webClient().post()
                .uri(FIND_PARTY_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchangeToMono(response -> {
                    attempt.responded(response.statusCode());
                    return read(response, identifier);
                })
                .onErrorMap(WebClientRequestException.class,
                        e -> new DadataFailure.Unavailable("Dadata could not be reached: " + e.getMessage(), e));
    }

    /** Releases the connection pool. */
    public void close() {
        http.close();
    }

    private static Mono<PartyOktmo> read(ClientResponse response, String identifier) {
        HttpStatusCode status = response.statusCode();
        if (status.is2xxSuccessful()) {
            return response.bodyToMono(FindPartyResponse.class)
                    .map(body -> partyOktmo(body, identifier))
                    .defaultIfEmpty(PartyOktmo.none(PartyOktmo.Absence.NO_PARTY, "Dadata answered without a body."));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(failure(response, body)));
    }

    private static PartyOktmo partyOktmo(FindPartyResponse body, String identifier) {
        if (!body.hasParty()) {
            return PartyOktmo.none(PartyOktmo.Absence.NO_PARTY, "Dadata knows no party with " + identifier + ".");
        }
        String oktmo = body.oktmo();
        if (oktmo == null || oktmo.isBlank()) {
            return PartyOktmo.none(PartyOktmo.Absence.NO_OKTMO, "Dadata's party has no ОКТМО, nor has its address.");
        }
        return Oktmo.problem(oktmo)
                .map(problem -> PartyOktmo.none(PartyOktmo.Absence.INVALID_OKTMO,
                        "Dadata's ОКТМО '" + oktmo + "' is not valid: " + problem + "."))
                .orElseGet(() -> PartyOktmo.found(Oktmo.of(oktmo)));
    }

    /** The one place where Dadata's statuses become types. */
    static RuntimeException failure(ClientResponse response, String body) {
        int status = response.statusCode().value();
        String answer = abbreviate(body);
        if (status == 429) {
            return new DadataFailure.Pressure("Dadata answered 429: " + answer, retryAfter(response).orElse(null));
        }
        if (status == 401 || status == 403) {
            return new DadataFailure.AccessDenied(status, answer);
        }
        if (status >= 500 || status == 408) {
            return new DadataFailure.Unavailable("Dadata answered " + status + ": " + answer, status);
        }
        return new DadataFailure.RequestRejected(status, answer);
    }

    private static Optional<Duration> retryAfter(ClientResponse response) {
        String value = response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            // An HTTP date instead of seconds: the configured pressure backoff applies.
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        String text = body.strip();
        return text.length() <= MAX_ANSWER_QUOTED ? text : text.substring(0, MAX_ANSWER_QUOTED) + "…";
    }
}
