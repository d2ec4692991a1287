package ru.moku.gateway.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.simulators.SimulatorsApplication;

/** The SMEV 3 simulator of the {@code simulators} module on a random port, for one test class. */
public final class SmevSimulator implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final WebTestClient admin;

    public SmevSimulator() {
        this(new String[0]);
    }

    /** With {@code arguments} ({@code --simulators.smev.…=…}) on top of the defaults. */
    public SmevSimulator(String... arguments) {
        // The gateway's class path brings R2DBC, Flyway and Redis along; the simulator needs none of them.
        List<String> all = new java.util.ArrayList<>(List.of("--server.port=0",
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/postgres", "--spring.r2dbc.username=postgres",
                "--spring.flyway.enabled=false"));
        all.addAll(List.of(arguments));
        context = SimulatorsApplication.builder().run(all.toArray(String[]::new));
        admin = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public String endpoint() {
        return baseUrl() + "/smev";
    }

    /** The most recent accepted SendRequests, newest first, as the simulator's JSON. */
    public List<Map<String, Object>> sentRequests() {
        return admin.get().uri("/admin/smev/sent-requests?limit=1000").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
    }

    /** The next {@code count} SMEV calls fail with a SOAP Fault {@code SMEVFailure}. */
    public void failNext(int count) {
        admin.post().uri("/admin/smev/faults/next?count=" + count + "&outcome=SOAP_FAULT").exchange()
                .expectStatus().isOk();
    }

    /** {@code POST /admin/smev/messages/generate?<query>}: what the simulator generated (its JSON). */
    public Map<String, Object> generate(String query) {
        return admin.post().uri("/admin/smev/messages/generate?" + query).exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    /** The file storage's port ({@code GET /admin/smev/file-storage}). */
    public int fileStoragePort() {
        Map<String, Object> storage = admin.get().uri("/admin/smev/file-storage").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        return ((Number) storage.get("port")).intValue();
    }

    /** Posts a SOAP request to the SMEV endpoint and returns SMEV's answer as text. */
    public String call(String soapAction, String envelope) {
        return admin.post().uri("/smev").contentType(MediaType.TEXT_XML).header("SOAPAction", soapAction)
                .bodyValue(envelope).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    @Override
    public void close() {
        context.close();
    }
}
