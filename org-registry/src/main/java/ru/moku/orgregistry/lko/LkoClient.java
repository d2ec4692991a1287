package ru.moku.orgregistry.lko;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import ru.moku.model.organisation.LkoOrganisationCreated;
import ru.moku.model.organisation.LkoOrganisationRequest;
import ru.moku.model.organisation.LkoOrganisationUpdate;
import ru.moku.model.organisation.LkoOrganisationUpdated;
import ru.moku.orgregistry.config.OrgRegistryProperties;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.partner.PartnerWebClient;
import ru.moku.runtime.security.client.ClientCredentialsException;
import ru.moku.runtime.security.client.ClientCredentialsFilter;

/**
 * ЛКО's {@code POST /api/v1/organisations} and its update {@code PUT /api/v1/organisations/{id}} (survey-service,
 * ПОС.ОГ.ЛКО) on WebClient: one attempt, no retries
 * (those are {@link PartnerCalls}'), every answer other than 200 mapped to a {@link PartnerFailure} type. Each call
 * carries org-registry's client-credentials token (role {@code service}): survey-service lets no one else create
 * organisations.
 */
public class LkoClient {

    static final String ORGANISATIONS_PATH = "/api/v1/organisations";

    private final PartnerWebClient http;
    private final ClientCredentialsFilter credentials;

    /** @param credentials adds the client-credentials token to each call; closed with this client */
    public LkoClient(OrgRegistryProperties.Lko properties, ClientCredentialsFilter credentials) {
        this.credentials = credentials;
        this.http = new PartnerWebClient("lko", properties.baseUrl(), properties.maxConnections(),
                properties.connectTimeout(), builder -> builder.filter(credentials));
    }

    /** Creates the organisation in ЛКО, or gets the one ЛКО has for its МОКУ id; fails with a {@link PartnerFailure}. */
    public Mono<LkoOrganisationCreated> create(LkoOrganisationRequest request) {
        return http.webClient().post()
                .uri(ORGANISATIONS_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(request)
                .exchangeToMono(LkoClient::read)
                .onErrorMap(WebClientRequestException.class,
                        e -> new PartnerFailure.Unavailable("ЛКО unreachable: " + e.getMessage(), e))
                .onErrorMap(ClientCredentialsException.class,
                        e -> new PartnerFailure.Unavailable("No token for ЛКО: " + e.getMessage(), e));
    }

    /**
     * Sends ЛКО the organisation it has as ПОС.ОС now knows it ({@code PUT /api/v1/organisations/{id}}, issue 13);
     * fails with a {@link PartnerFailure} (404 — ЛКО does not have it — is a refusal like 422).
     */
    public Mono<LkoOrganisationUpdated> update(LkoOrganisationUpdate update) {
        return http.webClient().put()
                .uri(ORGANISATIONS_PATH + "/{id}", update.mokuOrganisationId())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(update)
                .exchangeToMono(LkoClient::readUpdated)
                .onErrorMap(WebClientRequestException.class,
                        e -> new PartnerFailure.Unavailable("ЛКО unreachable: " + e.getMessage(), e))
                .onErrorMap(ClientCredentialsException.class,
                        e -> new PartnerFailure.Unavailable("No token for ЛКО: " + e.getMessage(), e));
    }

    private static Mono<LkoOrganisationUpdated> readUpdated(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(LkoOrganisationUpdated.class)
                    .filter(updated -> updated.lkoOrganisationId() != null)
                    .switchIfEmpty(Mono.error(() -> new PartnerFailure.Unavailable(
                            "ЛКО answered " + status + " to an update without an organisation id", null)));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(PartnerFailure.of("ЛКО", status, body)));
    }

    /** Releases the connection pools (ЛКО's and the token endpoint's). */
    public void close() {
        http.close();
        credentials.close();
    }

    private static Mono<LkoOrganisationCreated> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(LkoOrganisationCreated.class)
                    .filter(created -> created.lkoOrganisationId() != null)
                    .switchIfEmpty(Mono.error(() -> new PartnerFailure.Unavailable(
                            "ЛКО answered " + status + " without an organisation id", null)));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(PartnerFailure.of("ЛКО", status, body)));
    }
}
