package ru.moku.cardprocessor.correction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import ru.moku.cardprocessor.config.CardProcessorProperties;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.party.OktmoOutcome;

/**
 * The directory client's verdicts against a local stub that never answers or answers 404, and which corrections the
 * handler refuses — no database, no broker.
 */
class DirectoryClientUnitTests {

    private DisposableServer stub;
    private DirectoryClient client;

    @BeforeEach
    void start() {
        stub = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/api/v1/directory/oktmo/{code}", (request, response) ->
                        "00000000".equals(request.param("code")) ? Mono.never()
                                : response.status(404).send().then()))
                .bindNow(Duration.ofSeconds(10));
        client = new DirectoryClient(new CardProcessorProperties.Directory(
                URI.create("http://127.0.0.1:" + stub.port()), Duration.ofSeconds(5), Duration.ofSeconds(2)), null);
    }

    @AfterEach
    void stop() {
        client.close();
        stub.disposeNow(Duration.ofSeconds(10));
    }

    @Test
    void aDirectoryThatDoesNotAnswerInTimeIsUnavailable() {
        StepVerifier.withVirtualTime(() -> client.find("00000000"))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(4))
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(DirectoryClient.Unavailable.class)
                        .hasMessageContaining("did not answer within PT5S"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aCodeTheDirectoryNeverHadIsEmpty() {
        StepVerifier.create(client.find("92701000")).expectComplete().verify(Duration.ofSeconds(10));
    }

    @Test
    void theHandlerRefusesCorrectionsItCannotApply() {
        Instant now = Instant.now();
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection("7707083893", OktmoOutcome.FOUND, "92701000",
                null, now))).isNull();
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection("7707083893", OktmoOutcome.NOT_FOUND, null,
                "NOT_FOUND: …", now))).isNull();
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection("7707083893", OktmoOutcome.FAILED, null,
                "x", now))).contains("FAILED");
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection("7707083893", OktmoOutcome.FOUND, null,
                null, now))).contains("without an ОКТМО");
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection("7707083893", OktmoOutcome.FOUND, "92701000",
                null, null))).contains("correctedAt");
        assertThat(OktmoCorrectionHandler.problemOf(new OktmoCorrection(" ", OktmoOutcome.FOUND, "92701000",
                null, now))).contains("identifier");
    }
}
