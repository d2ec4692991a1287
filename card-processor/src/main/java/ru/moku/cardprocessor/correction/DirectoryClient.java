package ru.moku.cardprocessor.correction;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.concurrent.TimeoutException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.runtime.partner.PartnerWebClient;
import ru.moku.runtime.security.client.ClientCredentialsException;
import ru.moku.runtime.security.client.ClientCredentialsFilter;

/**
 * ЛКО's ОКТМО directory (survey-service, {@code GET /api/v1/directory/oktmo/{code}}): what the directory says of a
 * code an operator sets by hand (issue 13). 200 is the current record, else the latest historical one ({@code current}
 * false: abolished); 404 a code the directory never had. Anything else — no answer in time, 5xx, no token — is
 * {@link Unavailable}: the directory could not be asked.
 */
public class DirectoryClient {

    static final String PATH = "/api/v1/directory/oktmo/{code}";

    private final PartnerWebClient http;
    private final ClientCredentialsFilter credentials;
    private final CardProcessorProperties.Directory properties;

    /** @param credentials adds the client-credentials token; {@code null} = no token (the directory answers 401) */
    public DirectoryClient(CardProcessorProperties.Directory properties, ClientCredentialsFilter credentials) {
        this.properties = properties;
        this.credentials = credentials;
        this.http = new PartnerWebClient("directory", properties.baseUrl(), 4, properties.connectTimeout(),
                builder -> {
                    if (credentials != null) {
                        builder.filter(credentials);
                    }
                });
    }

    /** What the directory says of a code (the fields this service reads; the rest is ignored). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String oktmo, String name, String kind, String regionOktmo, String regionName,
                        boolean current) {
    }

    /** The directory's record of {@code code}; empty when it never had the code; {@link Unavailable} otherwise. */
    public Mono<Entry> find(String code) {
        return http.webClient().get()
                .uri(PATH, code)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .exchangeToMono(DirectoryClient::read)
                .timeout(properties.timeout())
                .onErrorMap(TimeoutException.class, e -> new Unavailable(
                        "the directory did not answer within " + properties.timeout()))
                .onErrorMap(WebClientRequestException.class, e -> new Unavailable(
                        "the directory is unreachable: " + e.getMessage()))
                .onErrorMap(ClientCredentialsException.class, e -> new Unavailable(
                        "no token for the directory: " + e.getMessage()));
    }

    private static Mono<Entry> read(ClientResponse response) {
        int status = response.statusCode().value();
        if (status == 200) {
            return response.bodyToMono(Entry.class);
        }
        return response.releaseBody().then(status == 404 ? Mono.empty()
                : Mono.error(new Unavailable("the directory answered " + status)));
    }

    public void close() {
        http.close();
        if (credentials != null) {
            credentials.close();
        }
    }

    /** The directory could not be asked; the operator is answered 503. */
    public static final class Unavailable extends RuntimeException {

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
