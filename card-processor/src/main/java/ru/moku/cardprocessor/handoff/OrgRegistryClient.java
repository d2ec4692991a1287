package ru.moku.cardprocessor.handoff;

import io.netty.channel.ChannelOption;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.partner.PartnerFailure;

/**
 * org-registry's (ПОС.ОС) {@code PUT /api/v1/organisations/{mokuOrgId}} on WebClient, variant 2 of seed 000 steps
 * 8–10: one attempt, no retries (those are {@code PartnerCalls}'), every answer other than 2xx a {@link PartnerFailure}.
 */
class OrgRegistryClient {

    static final String PARTNER = "ПОС.ОС";

    private final WebClient webClient;
    private final ConnectionProvider connections;

    OrgRegistryClient(HandoffProperties.OrgRegistry properties) {
        this.connections = ConnectionProvider.builder("org-registry")
                .maxConnections(properties.maxConnections())
                .pendingAcquireMaxCount(-1)
                .build();
        HttpClient httpClient = HttpClient.create(connections)
                .keepAlive(true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis());
        this.webClient = WebClient.builder()
                .baseUrl(properties.baseUrl().toString())
                .clientConnector(new ReactorClientHttpConnector(httpClient))
                .build();
    }

    /** Stores or updates the organisation in ПОС.ОС (idempotent by its МОКУ id); completes on 2xx. */
    Mono<Void> put(OrganisationSubmission submission) {
        return webClient.put()
                .uri("/api/v1/organisations/{id}", submission.mokuOrganisationId())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(submission)
                .exchangeToMono(OrgRegistryClient::read)
                .onErrorMap(WebClientRequestException.class,
                        e -> new PartnerFailure.Unavailable(PARTNER + " unreachable: " + e.getMessage(), e));
    }

    void close() {
        connections.dispose();
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
