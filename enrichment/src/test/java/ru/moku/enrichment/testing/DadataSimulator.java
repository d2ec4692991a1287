package ru.moku.enrichment.testing;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.simulators.dadata.DadataSimulatorApplication;
import ru.moku.simulators.dadata.DadataStats;

/** The Dadata simulator started in this JVM on a random port, with its admin API for tests. */
public final class DadataSimulator implements AutoCloseable {

    private static final String NO_DATABASE = "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    private final ConfigurableApplicationContext context;
    private final WebTestClient admin;

    private DadataSimulator(ConfigurableApplicationContext context) {
        this.context = context;
        this.admin = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Started on a random port; the database and Flyway the service's classpath brings are switched off for it. */
    public static DadataSimulator start() {
        return new DadataSimulator(DadataSimulatorApplication.builder().run("--server.port=0",
                "--spring.autoconfigure.exclude=" + NO_DATABASE));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Registers a party with {@code inn} giving {@code outcome} ({@code FOUND}, {@code ADDRESS_ONLY_OKTMO}, …). */
    public void register(String inn, String outcome, String oktmo) {
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("inn", inn);
        party.put("outcome", outcome);
        if (oktmo != null) {
            party.put("oktmo", oktmo);
        }
        admin.post().uri("/admin/dadata/parties").bodyValue(party).exchange().expectStatus().isCreated();
    }

    /** Replaces the injected faults ({@code FaultSettings} fields: {@code http503Rate}, {@code rateLimit}, …). */
    public void faults(Map<String, Object> faults) {
        admin.put().uri("/admin/dadata/faults").bodyValue(faults).exchange().expectStatus().isOk();
    }

    public void resetFaults() {
        admin.delete().uri("/admin/dadata/faults").exchange().expectStatus().isOk();
    }

    public void resetStats() {
        admin.delete().uri("/admin/dadata/stats").exchange().expectStatus().isNoContent();
    }

    public DadataStats stats() {
        return admin.get().uri("/admin/dadata/stats").exchange().expectStatus().isOk()
                .expectBody(DadataStats.class).returnResult().getResponseBody();
    }

    /** Requests Dadata received for {@code identifier} so far. */
    public long requestsFor(String identifier) {
        return stats().forIdentifier(identifier);
    }

    @Override
    public void close() {
        context.close();
    }
}
