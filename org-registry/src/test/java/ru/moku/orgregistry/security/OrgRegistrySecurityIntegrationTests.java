package ru.moku.orgregistry.security;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.orgregistry.testing.OrgRegistryUnderTest;
import ru.moku.runtime.testing.ServiceSecurityChecks;

/**
 * org-registry: reading an organisation and the incidents are operator APIs; creating or updating one (PUT, the
 * hand-off of card-processor) takes only a {@code service} token — an operator may not create organisations.
 */
class OrgRegistrySecurityIntegrationTests extends ServiceSecurityChecks {

    private OrgRegistryUnderTest registry;

    @BeforeAll
    void start() {
        // ЛКО is never reached: the PUTs here are refused, or invalid (400), before any call to it.
        registry = OrgRegistryUnderTest.start("http://127.0.0.1:9", Duration.ofSeconds(1));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Override
    protected WebTestClient api() {
        return registry.anonymousClient();
    }

    @Override
    protected WebTestClient management() {
        return registry.managementClient();
    }

    @Override
    protected List<String> operatorEndpoints() {
        UUID id = UUID.randomUUID();
        return List.of(
                "GET /api/v1/organisations/" + id,
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + id,
                "POST /api/v1/incidents/" + id + "/resolve",
                "POST /api/v1/incidents/" + id + "/retry");
    }

    @Override
    protected List<String> serviceEndpoints() {
        return List.of("PUT /api/v1/organisations/" + UUID.randomUUID());
    }
}
