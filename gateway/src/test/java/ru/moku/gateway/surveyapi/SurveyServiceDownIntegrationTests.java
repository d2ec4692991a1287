package ru.moku.gateway.surveyapi;

import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import ru.moku.gateway.support.GatewayTestApp;

/** survey-service down: the public API answers 503 problems, first per call, then from the open circuit. */
class SurveyServiceDownIntegrationTests {

    /**
     * A privileged port nothing listens on, so connecting is refused at once. (A random port bound and released could
     * be taken by another build's server on a shared machine before the gateway calls it.)
     */
    private static final int CLOSED_PORT = 1;

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.surveys.survey-service-url", "http://127.0.0.1:" + CLOSED_PORT,
                "moku.gateway.surveys.circuit-breaker.minimum-calls", "3",
                "moku.gateway.reprocessing.enabled", "false"));
    }

    @Test
    void anUnreachableSurveyServiceIs503AndThenTheCircuitOpens() {
        for (int i = 0; i < 5; i++) {
            SurveyApiIntegrationTests.problem(SurveyApiIntegrationTests.clientOf(app).get()
                    .uri("/api/v1/surveys/" + SurveyApiIntegrationTests.validToken()).exchange(),
                    HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
        }
        SurveyApiIntegrationTests.problem(SurveyApiIntegrationTests.clientOf(app).post()
                .uri("/api/v1/surveys/" + SurveyApiIntegrationTests.validToken() + "/answers")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(),
                HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable");
    }

}
