package ru.moku.gateway.surveyapi;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import ru.moku.gateway.support.GatewayTestApp;

/** survey-service down: the public API answers 503 problems, first per call, then from the open circuit. */
class SurveyServiceDownIntegrationTests {

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.surveys.survey-service-url", "http://127.0.0.1:" + closedPort(),
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

    /** A port nothing listens on: bound once, then released. */
    private static int closedPort() {
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).bindNow();
        int port = server.port();
        server.disposeNow(Duration.ofSeconds(5));
        return port;
    }
}
