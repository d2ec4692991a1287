package ru.moku.gateway.inboundauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.MtomBodies;
import ru.moku.gateway.support.SmevMessages;

/** Mode HMAC against the real gateway, database and Redis: who gets in, and that a refused push stores nothing. */
class HmacPushIntegrationTests {

    private static final String SECRET = "integration-secret-0123456789abcdef";
    private static final String BURST_SECRET = "burst-secret-0123456789abcdef012345";
    /** Every test pushing with a valid credential counts against its key's limit: MTOM pushes count under their own. */
    private static final String MTOM_SECRET = "mtom-secret-0123456789abcdef0123456";
    private static final int BURST = 3;

    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.push.auth.mode", "HMAC",
                "moku.gateway.push.auth.hmac.keys.adapter-1", SECRET,
                "moku.gateway.push.auth.hmac.keys.adapter-burst", BURST_SECRET,
                "moku.gateway.push.auth.hmac.keys.adapter-mtom", MTOM_SECRET,
                "moku.gateway.push.auth.rate-limit.requests", String.valueOf(BURST),
                "moku.gateway.push.auth.rate-limit.window", "1h"));
    }

    @Test
    void aSignedPushIsStored() {
        String messageId = SmevMessages.newMessageId();
        byte[] body = bytes(SmevMessages.validEnvelope(messageId));

        sign(app.http.post().uri("/smev/inbound"), "adapter-1", SECRET, Instant.now(), body)
                .contentType(MediaType.TEXT_XML).bodyValue(body)
                .exchange()
                .expectStatus().isAccepted();

        assertThat(stored(messageId)).isEqualTo(1);
    }

    @Test
    void aPushWithoutCredentialIs401AndNotStored() {
        String messageId = SmevMessages.newMessageId();

        EntityExchangeResult<Map> refused = app.http.post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.validEnvelope(messageId))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, HmacRequestSignature.SCHEME)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(Map.class).returnResult();

        assertThat(refused.getResponseBody()).containsEntry("type", "https://moku-platform/problems/unauthenticated")
                .containsEntry("instance", "/smev/inbound");
        assertThat(stored(messageId)).isZero();
    }

    @Test
    void aPushSignedWithAnotherSecretIs401AndNotStored() {
        String messageId = SmevMessages.newMessageId();
        byte[] body = bytes(SmevMessages.validEnvelope(messageId));

        sign(app.http.post().uri("/smev/inbound"), "adapter-1", SECRET + "-not", Instant.now(), body)
                .contentType(MediaType.TEXT_XML).bodyValue(body)
                .exchange()
                .expectStatus().isUnauthorized();

        assertThat(stored(messageId)).isZero();
    }

    @Test
    void aReplayedPushOlderThanTheWindowIs401AndNotStored() {
        String messageId = SmevMessages.newMessageId();
        byte[] body = bytes(SmevMessages.validEnvelope(messageId));

        sign(app.http.post().uri("/smev/inbound"), "adapter-1", SECRET, Instant.now().minus(Duration.ofMinutes(10)),
                body)
                .contentType(MediaType.TEXT_XML).bodyValue(body)
                .exchange()
                .expectStatus().isUnauthorized();

        assertThat(stored(messageId)).isZero();
    }

    @Test
    void aBodyChangedAfterSigningIs401AndNotStored() {
        String signedId = SmevMessages.newMessageId();
        String sentId = SmevMessages.newMessageId();
        byte[] signed = bytes(SmevMessages.validEnvelope(signedId));
        byte[] sent = bytes(SmevMessages.validEnvelope(sentId));

        EntityExchangeResult<Map> refused = sign(app.http.post().uri("/smev/inbound"), "adapter-1", SECRET,
                Instant.now(), signed)
                .contentType(MediaType.TEXT_XML).bodyValue(sent)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody(Map.class).returnResult();

        assertThat(refused.getResponseBody()).containsEntry("type", "https://moku-platform/problems/unauthenticated");
        assertThat(stored(signedId) + stored(sentId)).isZero();
    }

    @Test
    void aClientOverItsLimitIs429WithRetryAfterAndNotStored() {
        for (int push = 0; push < BURST; push++) {
            byte[] body = bytes(SmevMessages.validEnvelope(SmevMessages.newMessageId()));
            sign(app.http.post().uri("/smev/inbound"), "adapter-burst", BURST_SECRET, Instant.now(), body)
                    .contentType(MediaType.TEXT_XML).bodyValue(body)
                    .exchange()
                    .expectStatus().isAccepted();
        }
        String messageId = SmevMessages.newMessageId();
        byte[] body = bytes(SmevMessages.validEnvelope(messageId));

        EntityExchangeResult<Map> refused = sign(app.http.post().uri("/smev/inbound"), "adapter-burst", BURST_SECRET,
                Instant.now(), body)
                .contentType(MediaType.TEXT_XML).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody(Map.class).returnResult();

        assertThat(refused.getResponseBody()).containsEntry("type", "https://moku-platform/problems/too-many-requests");
        assertThat(stored(messageId)).isZero();
        // Another client has a bucket of its own.
        byte[] other = bytes(SmevMessages.validEnvelope(SmevMessages.newMessageId()));
        sign(app.http.post().uri("/smev/inbound"), "adapter-1", SECRET, Instant.now(), other)
                .contentType(MediaType.TEXT_XML).bodyValue(other)
                .exchange()
                .expectStatus().isAccepted();
    }

    @Test
    void aSignedMtomPushIsStored() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().build(SmevMessages.validEnvelope(messageId));

        sign(app.http.post().uri("/smev/inbound"), "adapter-mtom", MTOM_SECRET, Instant.now(), body.bytes())
                .header(HttpHeaders.CONTENT_TYPE, body.contentType()).bodyValue(body.bytes())
                .exchange()
                .expectStatus().isAccepted();

        assertThat(stored(messageId)).isEqualTo(1);
    }

    @Test
    void anMtomBodyChangedAfterSigningIs401AndNotStoredThoughItsReaderStopsAtTheClosingDelimiter() {
        String signedId = SmevMessages.newMessageId();
        String sentId = SmevMessages.newMessageId();
        MtomBodies builder = MtomBodies.mtom();
        MtomBodies.Body signed = builder.build(SmevMessages.validEnvelope(signedId));
        MtomBodies.Body sent = builder.build(SmevMessages.validEnvelope(sentId));

        sign(app.http.post().uri("/smev/inbound"), "adapter-mtom", MTOM_SECRET, Instant.now(), signed.bytes())
                .header(HttpHeaders.CONTENT_TYPE, sent.contentType()).bodyValue(sent.bytes())
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/unauthenticated");

        assertThat(stored(signedId) + stored(sentId)).isZero();
    }

    private static WebTestClient.RequestBodySpec sign(WebTestClient.RequestBodySpec request, String keyId,
                                                      String secret, Instant at, byte[] body) {
        String digest = HmacRequestSignature.contentSha256(body);
        return request
                .header(HmacRequestSignature.KEY_ID, keyId)
                .header(HmacRequestSignature.TIMESTAMP, Long.toString(at.getEpochSecond()))
                .header(HmacRequestSignature.CONTENT_SHA256, digest)
                .header(HmacRequestSignature.SIGNATURE, HmacRequestSignature.sign(
                        secret.getBytes(StandardCharsets.UTF_8), "POST", "/smev/inbound", at.getEpochSecond(), digest));
    }

    private static long stored(String smevMessageId) {
        return app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + smevMessageId + "'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
