package ru.moku.gateway.inboundauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;

/**
 * Mode MTLS against the real gateway serving HTTPS with client-auth {@code want} (a CA, the server's certificate, the
 * adapter's and a stranger's client certificates made in the test): only the adapter's certificate may push.
 */
class MtlsPushIntegrationTests {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    @AutoClose
    private static GatewayTestApp app;

    private static TestCertificates.Issued ca;
    private static TestCertificates.Issued adapter;
    private static TestCertificates.Issued stranger;
    private static int port;

    @BeforeAll
    static void start() {
        ca = TestCertificates.authority("МОКУ test CA");
        TestCertificates.Issued server = TestCertificates.server(ca);
        adapter = TestCertificates.client("smev-adapter", ca, Instant.now().plus(Duration.ofDays(1)));
        stranger = TestCertificates.client("somebody-else", ca, Instant.now().plus(Duration.ofDays(1)));
        Path keyStore = dir.resolve("server.p12");
        Path trustStore = dir.resolve("clients-ca.p12");
        Path adapters = dir.resolve("adapters.pem");
        TestCertificates.writeKeyStore(keyStore, PASSWORD, server);
        TestCertificates.writeTrustStore(trustStore, PASSWORD, ca.certificate());
        TestCertificates.writePem(adapters, adapter.certificate());
        app = GatewayTestApp.start(Map.ofEntries(
                Map.entry("server.ssl.enabled", "true"),
                Map.entry("server.ssl.key-store", keyStore.toString()),
                Map.entry("server.ssl.key-store-type", "PKCS12"),
                Map.entry("server.ssl.key-store-password", PASSWORD),
                Map.entry("server.ssl.trust-store", trustStore.toString()),
                Map.entry("server.ssl.trust-store-type", "PKCS12"),
                Map.entry("server.ssl.trust-store-password", PASSWORD),
                Map.entry("server.ssl.client-auth", "want"),
                Map.entry("moku.gateway.push.auth.mode", "MTLS"),
                Map.entry("moku.gateway.push.auth.mtls.trusted-certificates", adapters.toString())));
        port = Integer.parseInt(app.context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void theAdapterWithItsCertificatePushesAndTheMessageIsStored() {
        String messageId = SmevMessages.newMessageId();

        client(adapter).post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.validEnvelope(messageId))
                .exchange()
                .expectStatus().isAccepted();

        assertThat(stored(messageId)).isEqualTo(1);
    }

    @Test
    void aClientWithoutCertificateIs401AndNotStored() {
        String messageId = SmevMessages.newMessageId();

        client(null).post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.validEnvelope(messageId))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, MtlsAuthenticator.SCHEME)
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/unauthenticated");

        assertThat(stored(messageId)).isZero();
    }

    @Test
    void aClientWhoseCertificateTheCaIssuedButIsNotTheAdaptersIs403AndNotStored() {
        String messageId = SmevMessages.newMessageId();

        client(stranger).post().uri("/smev/inbound").contentType(MediaType.TEXT_XML)
                .bodyValue(SmevMessages.validEnvelope(messageId))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/forbidden");

        assertThat(stored(messageId)).isZero();
    }

    @Test
    void otherEndpointsNeedNoClientCertificate() {
        client(null).get().uri("/api/v1/openapi.yaml").exchange().expectStatus().isOk();
    }

    /** An HTTPS client trusting the test CA, presenting {@code identity}'s certificate when given. */
    private static WebTestClient client(TestCertificates.Issued identity) {
        SslContext tls;
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().trustManager(ca.certificate());
            if (identity != null) {
                builder.keyManager(identity.keys().getPrivate(), identity.certificate());
            }
            tls = builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
        HttpClient http = HttpClient.create().secure(spec -> spec.sslContext(tls));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
                .baseUrl("https://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static long stored(String smevMessageId) {
        return app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + smevMessageId + "'");
    }
}
