package ru.moku.cardprocessor.handoff;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.partner.PartnerWebClient;
import ru.moku.runtime.security.client.ClientCredentialsException;
import ru.moku.runtime.security.client.ClientCredentialsFilter;

/**
 * org-registry's (ПОС.ОС) {@code PUT /api/v1/organisations/{mokuOrgId}} on WebClient, variant 2 of seed 000 steps
 * 8–10: one attempt, no retries (those are {@code PartnerCalls}'), every answer other than 2xx a {@link PartnerFailure}.
 * Each call carries card-processor's client-credentials token (role {@code service}): org-registry lets no one else
 * create organisations.
 */
public class OrgRegistryClient {

    public static final String PARTNER = "ПОС.ОС";

    private final PartnerWebClient http;
    private final ClientCredentialsFilter credentials;

    /**
     * @param credentials adds the client-credentials token to each call, closed with this client; {@code null} = calls
     *                    without a token (only when the REST variant is off: org-registry would answer 401)
     */
    public OrgRegistryClient(CardProcessorProperties.OrgRegistry properties, ClientCredentialsFilter credentials) {
        this.credentials = credentials;
        this.http = new PartnerWebClient("org-registry", properties.baseUrl(), properties.maxConnections(),
                properties.connectTimeout(), builder -> {
                    if (credentials != null) {
                        builder.filter(credentials);
                    }
                });
    }

    /** Stores or updates the organisation in ПОС.ОС (idempotent by its МОКУ id); completes on 2xx. */
    Mono<Void> put(OrganisationSubmission submission) {
        return http.webClient().put()
                .uri("/api/v1/organisations/{id}", submission.mokuOrganisationId())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(submission)
                .exchangeToMono(OrgRegistryClient::read)
                .onErrorMap(WebClientRequestException.class,
                        e -> new PartnerFailure.Unavailable(PARTNER + " unreachable: " + e.getMessage(), e))
                .onErrorMap(ClientCredentialsException.class,
                        e -> new PartnerFailure.Unavailable("No token for " + PARTNER + ": " + e.getMessage(), e));
    }

    public void close() {
        http.close();
        if (credentials != null) {
            credentials.close();
        }
    }

    private static Mono<Void> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.releaseBody();
        }
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(PartnerFailure.of(PARTNER, status, body)));
    }
}
