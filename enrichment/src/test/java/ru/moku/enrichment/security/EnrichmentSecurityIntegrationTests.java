package ru.moku.enrichment.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.enrichment.testing.EnrichmentUnderTest;
import ru.moku.runtime.testing.ServiceSecurityChecks;

/** enrichment's operator APIs (the ОКТМО lookup, incidents) need a token; its actuator is on the management port. */
class EnrichmentSecurityIntegrationTests extends ServiceSecurityChecks {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private EnrichmentUnderTest enrichment;

    @BeforeAll
    void start() {
        enrichment = EnrichmentUnderTest.start(Map.of());
    }

    @AfterAll
    void stop() {
        if (enrichment != null) {
            enrichment.close();
        }
    }

    @Override
    protected WebTestClient api() {
        return client(enrichment.service().port());
    }

    @Override
    protected WebTestClient management() {
        return client(enrichment.service().managementPort());
    }

    @Override
    protected List<String> operatorEndpoints() {
        UUID id = UUID.randomUUID();
        return List.of(
                // No inn: the lookup answers 400 once past the security filter, without calling Dadata.
                "GET /api/v1/oktmo",
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + id,
                "POST /api/v1/incidents/" + id + "/resolve",
                "POST /api/v1/incidents/" + id + "/retry");
    }

    private static WebTestClient client(int port) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(WAIT).build();
    }
}
