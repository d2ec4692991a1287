package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ru.moku.gateway.inboundauth.HmacRequestSignature;

/** The adapter's side of the push endpoint's HMAC contract, checked against the gateway's own scheme. */
class SmevPushClientUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
    private static final PushCredentials CREDENTIALS = new PushCredentials("local-adapter",
            "0123456789abcdef0123456789abcdef0123456789a");

    private HttpServer server;
    private final AtomicReference<Headers> received = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(SmevPushClient.PATH, exchange -> {
            received.set(exchange.getRequestHeaders());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aPushCarriesTheKeyIdTimestampBodyDigestAndTheSignatureTheGatewayComputes() {
        byte[] body = "<ResponseMessage/>".getBytes(StandardCharsets.UTF_8);
        SmevPushClient client = new SmevPushClient("http://127.0.0.1:" + server.getAddress().getPort(),
                Optional.of(CREDENTIALS), Clock.fixed(NOW, ZoneOffset.UTC));

        SmevPushClient.Answer answer = client.push(body, "text/xml");

        assertThat(answer.status()).isEqualTo(202);
        Headers headers = received.get();
        String digest = HmacRequestSignature.contentSha256(body);
        assertThat(headers.getFirst(HmacRequestSignature.KEY_ID)).isEqualTo("local-adapter");
        assertThat(headers.getFirst(HmacRequestSignature.TIMESTAMP)).isEqualTo(String.valueOf(NOW.getEpochSecond()));
        assertThat(headers.getFirst(HmacRequestSignature.CONTENT_SHA256)).isEqualTo(digest);
        assertThat(headers.getFirst(HmacRequestSignature.SIGNATURE)).isEqualTo(HmacRequestSignature.sign(
                CREDENTIALS.secret().getBytes(StandardCharsets.UTF_8), "POST", "/smev/inbound",
                NOW.getEpochSecond(), digest));
    }

    @Test
    void withoutCredentialsAPushIsSentUnsigned() {
        SmevPushClient client = new SmevPushClient("http://127.0.0.1:" + server.getAddress().getPort(),
                Optional.empty());

        client.pushXml("<ResponseMessage/>");

        assertThat(received.get().containsKey(HmacRequestSignature.SIGNATURE)).isFalse();
        assertThat(received.get().containsKey(HmacRequestSignature.KEY_ID)).isFalse();
    }
}
