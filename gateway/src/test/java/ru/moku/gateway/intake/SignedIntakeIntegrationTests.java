package ru.moku.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import ru.moku.gateway.support.FakeSmev;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.MtomBodies;
import ru.moku.gateway.support.SignedMessages;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.gateway.support.SmevShapes;

/**
 * Signature verification on the intake (issue 10), push and pull, against a trust store with SMEV's and the
 * provider's test certificates: what verifies is taken as before; a tampered message, a signature by an untrusted key
 * or a missing signature is stored with status -1 ({@code signature-invalid}), an {@code SIGNATURE_INVALID} incident
 * names its raw message, it is never split — pushed: 422; pulled: acknowledged (policy ACK, the default).
 */
class SignedIntakeIntegrationTests {

    private static Path keys;
    private static FakeSmev smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() throws IOException {
        keys = Files.createTempDirectory("signed-intake");
        Path trustStore = SignedMessages.trustStore(keys, SignedMessages.SMEV.certificate(),
                SignedMessages.SENDER.certificate());
        smev = new FakeSmev();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.smev.verification.enabled", "true",
                "moku.gateway.smev.verification.trust-store", trustStore.toString(),
                "moku.gateway.smev.verification.trust-store-password", "changeit",
                "moku.gateway.pull.enabled", "true",
                "moku.gateway.pull.endpoint", smev.endpoint(),
                "moku.gateway.pull.concurrency", "1",
                "moku.gateway.pull.idle-backoff", "50ms",
                "moku.gateway.pull.max-idle-backoff", "200ms",
                "moku.gateway.pull.error-backoff", "200ms"));
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
    void aPushedSignedMessageIsVerifiedStoredAndSplit() {
        String messageId = SmevMessages.newMessageId();

        Map<String, Object> receipt = push(SignedMessages.signed(SmevMessages.validEnvelope(messageId)),
                HttpStatus.ACCEPTED);

        assertThat(receipt).containsEntry("rawStatus", "SPLIT").containsEntry("instances", 1);
    }

    @Test
    void aPushedSignedMessageWithForeignPrefixesAsMtomIsVerified() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().splitStart()
                .build(SignedMessages.signed(SmevShapes.foreignPrefixes(messageId)));

        byte[] response = app.http.post().uri("/smev/inbound").header("Content-Type", body.contentType())
                .bodyValue(body.bytes()).exchange().expectStatus().isAccepted()
                .expectBody().returnResult().getResponseBody();

        assertThat(new String(response, StandardCharsets.UTF_8)).contains("\"rawStatus\":\"SPLIT\"");
    }

    @Test
    void aPushedTamperedMessageIs422AndStoredAsInvalidWithAnIncidentAndNoCard() {
        String messageId = SmevMessages.newMessageId();

        Map<String, Object> problem = push(SignedMessages.tampered(SignedMessages.signed(
                SmevMessages.validEnvelope(messageId))), HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat(problem).containsEntry("type", "https://moku-platform/problems/signature-invalid")
                .containsEntry("status", 422).containsEntry("smevMessageId", messageId);
        assertThat((String) problem.get("detail")).startsWith("SMEVSignature: digest mismatch");
        assertRefusedAsEvidence(UUID.fromString((String) problem.get("rawMessageId")));
    }

    @Test
    void aPushedMessageSignedByAnUntrustedKeyIs422() {
        Map<String, Object> problem = push(SignedMessages.signed(SmevMessages.validEnvelope(
                SmevMessages.newMessageId()), SignedMessages.SENDER, SignedMessages.STRANGER),
                HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat((String) problem.get("detail")).startsWith("SMEVSignature: untrusted certificate");
        assertRefusedAsEvidence(UUID.fromString((String) problem.get("rawMessageId")));
    }

    @Test
    void aPushedUnsignedMessageIs422() {
        Map<String, Object> problem = push(SmevMessages.validEnvelope(SmevMessages.newMessageId()),
                HttpStatus.UNPROCESSABLE_CONTENT);

        assertThat((String) problem.get("detail")).startsWith("SMEVSignature: missing signature");
    }

    @Test
    void aPushedSignedAnswerIsVerifiedAndRecorded() {
        Map<String, Object> receipt = push(SignedMessages.signed(SmevMessages.answerEnvelope(
                SmevMessages.newMessageId(), SmevMessages.asyncProcessingStatus(SmevMessages.newMessageId(),
                        "messageIsDelivered", "доставлено"))), HttpStatus.ACCEPTED);

        assertThat(receipt).containsEntry("rawStatus", "ANSWER").containsEntry("answerKind", "ASYNC_PROCESSING_STATUS");
    }

    @Test
    void aPulledSignedMessageIsStoredSplitAndAcknowledged() {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SignedMessages.signed(SmevMessages.validEnvelope(messageId)));

        awaitAcked(messageId);
        assertThat(rawStatusOf(messageId)).isEqualTo(2);
    }

    @Test
    void aPulledTamperedMessageIsStoredAsInvalidWithAnIncidentAndAcknowledgedUnderTheAckPolicy() {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SignedMessages.tampered(SignedMessages.signed(SmevMessages.validEnvelope(messageId))));

        awaitAcked(messageId);
        assertThat(rawStatusOf(messageId)).isEqualTo(-1);
        assertRefusedAsEvidence(app.db.queryForObject("SELECT id FROM smev.raw_message WHERE smev_message_id = '"
                + messageId + "'", UUID.class));
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'INVALID_SMEV_MESSAGE' AND subject IN"
                + " (SELECT id::text FROM smev.raw_message WHERE smev_message_id = '" + messageId + "')"))
                .as("one incident, of the signature's kind").isZero();
    }

    private static void assertRefusedAsEvidence(UUID rawId) {
        String raw = "SELECT %s FROM smev.raw_message WHERE id = '" + rawId + "'";
        assertThat(app.db.queryForObject(raw.formatted("status"), Integer.class)).isEqualTo(-1);
        assertThat(app.db.queryForObject(raw.formatted("problem_type"), String.class)).isEqualTo("signature-invalid");
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance WHERE raw_message_id = '" + rawId
                + "'")).as("never split").isZero();
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'SIGNATURE_INVALID' AND subject = '"
                + rawId + "'")).isEqualTo(1);
    }

    private static Map<String, Object> push(String xml, HttpStatus expected) {
        byte[] response = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(xml.getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectBody().returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = app.codec().mapper().readValue(response, Map.class);
        return json;
    }

    private static void awaitAcked(String messageId) {
        await(messageId + " acknowledged").atMost(Duration.ofSeconds(60)).until(() -> !smev.acksOf(messageId).isEmpty());
    }

    private static int rawStatusOf(String messageId) {
        return app.db.queryForObject("SELECT status FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'",
                Integer.class);
    }
}
