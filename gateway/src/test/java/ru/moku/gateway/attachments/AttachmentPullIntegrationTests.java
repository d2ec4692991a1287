package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevSimulator;
import ru.moku.smev.crypto.GostKeys;

/**
 * The whole way in, as in the local run: the gateway pulls from the SMEV simulator, which answers as MTOM (start split
 * RFC 2231-style), signs, carries attachments as MIME parts or inline and serves files on its FTP storage; the intake
 * reads the package and hands the parts to the attachments, the fetcher takes the files.
 */
class AttachmentPullIntegrationTests {

    private static final Duration CEILING = Duration.ofSeconds(60);

    @AutoClose
    private static SmevSimulator smev;
    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start(@TempDir Path keys) {
        GostKeys.main(new String[] {keys.toString()});
        smev = new SmevSimulator(
                "--simulators.smev.mtom.enabled=true",
                "--simulators.smev.mtom.split-start=true",
                "--simulators.smev.file-storage.enabled=true",
                "--simulators.smev.file-storage.port=0",
                "--simulators.smev.signing.enabled=true",
                "--simulators.smev.signing.smev-key-store=" + keys.resolve("smev.p12"),
                "--simulators.smev.signing.sender-key-store=" + keys.resolve("sender.p12"));
        app = GatewayTestApp.start(Map.ofEntries(
                Map.entry("moku.gateway.pull.enabled", "true"),
                Map.entry("moku.gateway.pull.endpoint", smev.endpoint()),
                Map.entry("moku.gateway.pull.concurrency", "1"),
                Map.entry("moku.gateway.pull.idle-backoff", "50ms"),
                Map.entry("moku.gateway.pull.max-idle-backoff", "200ms"),
                Map.entry("moku.gateway.pull.error-backoff", "100ms"),
                Map.entry("moku.gateway.attachments.verify-signatures", "true"),
                Map.entry("moku.gateway.attachments.trust-store", keys.resolve("trust-smev.p12").toString()),
                Map.entry("moku.gateway.attachments.trust-store-password", GostKeys.LOCAL_PASSWORD),
                Map.entry("moku.gateway.attachments.ftp.port", String.valueOf(smev.fileStoragePort())),
                Map.entry("moku.gateway.attachments.fetch.interval", "100ms")));
    }

    @Test
    void pulledMtomMessagesKeepEveryAttachmentAndFileRetrievable() {
        // A fixed seed: the same messages each run, MIME parts and inline contents among them.
        Map<String, Object> generated = smev.generate("count=6&attachmentShare=1&fsAttachmentShare=0.5&seed=10");
        Set<Object> kinds = new HashSet<>();

        for (String id : ids(generated, "messageIds")) {
            await("message " + id + " pulled and stored").atMost(CEILING)
                    .until(() -> app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '"
                            + id + "'") == 1);
            UUID raw = app.db.queryForObject("SELECT id FROM smev.raw_message WHERE smev_message_id = '" + id + "'",
                    UUID.class);
            await("attachments of " + id + " settled").atMost(CEILING).pollInterval(Duration.ofMillis(200))
                    .until(() -> list(raw).stream().noneMatch(attachment -> "PENDING".equals(attachment.get("status"))));
            List<Map<String, Object>> attachments = list(raw);
            attachments.forEach(attachment -> kinds.add(attachment.get("kind")));
            assertThat(attachments).as("attachments of %s", id).isNotEmpty().allSatisfy(attachment -> {
                assertThat(attachment.get("status")).isIn("STORED", "FETCHED");
                assertThat(String.valueOf(attachment.get("signer"))).contains("Provider information system");
            });
            if (ids(generated, "withFsAttachments").contains(id)) {
                assertThat(attachments).extracting(attachment -> attachment.get("kind")).contains("FS");
            }
        }
        assertThat(kinds).contains("MTOM", "FS");
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind IN ('ATTACHMENT_INVALID',"
                + " 'FS_ATTACHMENT_UNAVAILABLE')")).isZero();
    }

    private List<Map<String, Object>> list(UUID raw) {
        return app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> generated, String name) {
        return (List<String>) generated.get(name);
    }
}
