package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.support.FakeSmev;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SignedMessages;
import ru.moku.gateway.support.SmevMessages;

/**
 * The {@code KEEP} policy for an invalid signature: a pulled message whose signature fails is stored as evidence with
 * its incident, but SMEV keeps it — every redelivery finds it stored, counts on the incident and is again not
 * acknowledged.
 */
class SignedIntakeKeepPolicyIntegrationTests {

    private static Path keys;
    private static FakeSmev smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() throws IOException {
        keys = Files.createTempDirectory("signed-intake-keep");
        Path trustStore = SignedMessages.trustStore(keys, SignedMessages.SMEV.certificate(),
                SignedMessages.SENDER.certificate());
        smev = new FakeSmev();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.smev.verification.enabled", "true",
                "moku.gateway.smev.verification.trust-store", trustStore.toString(),
                "moku.gateway.smev.verification.trust-store-password", "changeit",
                "moku.gateway.smev.verification.invalid-signature-policy", "KEEP",
                "moku.gateway.pull.enabled", "true",
                "moku.gateway.pull.endpoint", smev.endpoint(),
                "moku.gateway.pull.concurrency", "1",
                "moku.gateway.pull.idle-backoff", "50ms",
                "moku.gateway.pull.max-idle-backoff", "200ms",
                "moku.gateway.pull.error-backoff", "100ms"));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            smev.close();
            SignedMessages.deleteKeyDirectory(keys);
        }
    }

    @Test
    void aPulledTamperedMessageIsStoredWithAnIncidentButLeftInSmev() {
        String messageId = SmevMessages.newMessageId();
        int getResponsesBefore = smev.getResponses();

        smev.deliver(messageId, SignedMessages.tampered(SignedMessages.signed(SmevMessages.validEnvelope(messageId))));

        // Taken again and again (it stays first in the queue), never acknowledged, stored once.
        await("the message delivered several times").atMost(Duration.ofSeconds(60))
                .until(() -> smev.getResponses() - getResponsesBefore >= 4);
        assertThat(smev.acksOf(messageId)).isEmpty();
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId
                + "' AND status = -1 AND problem_type = 'signature-invalid'")).isEqualTo(1);
        String incident = "SELECT %s FROM smev.incident i JOIN smev.raw_message r ON i.subject = r.id::text"
                + " WHERE r.smev_message_id = '" + messageId + "' AND i.kind = 'SIGNATURE_INVALID'";
        assertThat(app.db.count(incident.formatted("count(*)"))).isEqualTo(1);
        assertThat(app.db.queryForObject(incident.formatted("occurrences"), Integer.class))
                .as("each delivery counted on the one incident").isGreaterThan(1);
        smev.drop(messageId);
    }
}
