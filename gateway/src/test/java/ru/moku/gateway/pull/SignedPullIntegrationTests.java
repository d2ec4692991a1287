package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.moku.gateway.support.CallerSignatures;
import ru.moku.gateway.support.FakeSmev;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.Verification;

/** The pull loop with signing on: every GetResponse and Ack SMEV receives carries a caller signature it verifies. */
class SignedPullIntegrationTests {

    @TempDir
    static Path keys;

    private static SigningKey gateway;
    private static FakeSmev smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        gateway = GostKeys.generate("МОКУ gateway (test)");
        Path store = keys.resolve("gateway.p12");
        GostKeys.writePkcs12(store, "changeit", "gateway", gateway);
        smev = new FakeSmev();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.pull.enabled", "true",
                "moku.gateway.pull.endpoint", smev.endpoint(),
                "moku.gateway.pull.concurrency", "1",
                "moku.gateway.pull.idle-backoff", "50ms",
                "moku.gateway.pull.max-idle-backoff", "200ms",
                "moku.gateway.smev.signing.enabled", "true",
                "moku.gateway.smev.signing.key-store", store.toString(),
                "moku.gateway.smev.signing.key-store-password", "changeit",
                "moku.gateway.smev.signing.key-alias", "gateway"));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            smev.close();
        }
    }

    @Test
    void getResponseAndAckReachSmevSignedByTheGatewaysKey() {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SmevMessages.validEnvelope(messageId));

        await("the message acknowledged").atMost(Duration.ofSeconds(60)).until(() -> smev.acksOf(messageId).size() == 1);
        String getResponse = smev.requests().stream().filter(body -> body.contains("GetResponseRequest")).findFirst()
                .orElseThrow();
        String ack = smev.requests().stream().filter(body -> body.contains("AckRequest") && body.contains(messageId))
                .findFirst().orElseThrow();
        assertThat(CallerSignatures.verify(getResponse, "MessageTypeSelector", gateway))
                .isInstanceOf(Verification.Valid.class);
        assertThat(CallerSignatures.verify(ack, "AckTargetMessage", gateway))
                .isInstanceOf(Verification.Valid.class);
    }
}
