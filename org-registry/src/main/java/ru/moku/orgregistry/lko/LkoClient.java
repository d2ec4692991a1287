package ru.moku.orgregistry.lko;

import io.netty.channel.ChannelOption;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import ru.moku.orgregistry.OrgRegistryProperties;

/**
 * ЛКО's {@code POST /api/v1/organisations} (survey-service, ПОС.ОГ.ЛКО) on WebClient: one attempt, no retries
 * (those are {@link LkoCalls}'), every answer other than 200 mapped to a {@link LkoFailure} type.
 */
public class LkoClient {

    static final String ORGANISATIONS_PATH = "/api/v1/organisations";

    private final WebClient webClient;
    private final ConnectionProvider connections;

    public LkoClient(OrgRegistryProperties.Lko properties) {
        this.connections = ConnectionProvider.builder("lko")
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

    /** Creates the organisation in ЛКО, or gets the one ЛКО has for its МОКУ id; fails with a {@link LkoFailure}. */
    public Mono<LkoOrganisationCreated> create(LkoOrganisationRequest request) {
        return webClient.post()
                .uri(ORGANISATIONS_PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(request)
                .exchangeToMono(LkoClient::read)
                .onErrorMap(WebClientRequestException.class,
                        e -> new LkoFailure.Unavailable("ЛКО unreachable: " + e.getMessage(), e));
    }

    /** Releases the connection pool. */
    public void close() {
        connections.dispose();
    }

    private static Mono<LkoOrganisationCreated> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (response.statusCode().is2xxSuccessful()) {
            return response.bodyToMono(LkoOrganisationCreated.class)
                    .filter(created -> created.lkoOrganisationId() != null)
                    .switchIfEmpty(Mono.error(() -> new LkoFailure.Unavailable(
                            "ЛКО answered " + status + " without an organisation id", null)));
        }
        return response.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> Mono.error(failure(status, body)));
    }

    /** The one place where ЛКО's statuses become types. */
    static RuntimeException failure(int status, String body) {
        if (status >= 500 || status == 408 || status == 429) {
            return new LkoFailure.Unavailable("ЛКО answered " + status, null);
        }
        return new LkoFailure.Rejected(status, body);
    }
}
