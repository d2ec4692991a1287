package ru.moku.cardprocessor.security;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.cardprocessor.testing.CardProcessorUnderTest;
import ru.moku.runtime.testing.ServiceSecurityChecks;

/** card-processor's operator APIs (cards, incidents) need a token; its actuator is on the management port only. */
class CardProcessorSecurityIntegrationTests extends ServiceSecurityChecks {

    private CardProcessorUnderTest cardProcessor;

    @BeforeAll
    void start() {
        cardProcessor = CardProcessorUnderTest.start();
    }

    @AfterAll
    void stop() {
        if (cardProcessor != null) {
            cardProcessor.close();
        }
    }

    @Override
    protected WebTestClient api() {
        return cardProcessor.anonymousClient();
    }

    @Override
    protected WebTestClient management() {
        return cardProcessor.managementClient();
    }

    @Override
    protected List<String> operatorEndpoints() {
        UUID id = UUID.randomUUID();
        return List.of(
                "GET /api/v1/cards/" + id,
                "GET /api/v1/cards/stages",
                "GET /api/v1/incidents",
                "GET /api/v1/incidents/" + id,
                "POST /api/v1/incidents/" + id + "/resolve",
                "POST /api/v1/incidents/" + id + "/retry",
                "PUT /api/v1/parties/7707083893/oktmo");
    }
}
