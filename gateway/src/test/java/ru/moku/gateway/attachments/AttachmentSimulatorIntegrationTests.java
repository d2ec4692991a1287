package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevSimulator;
import ru.moku.model.messaging.Ids;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.GostKeys;

/**
 * Interoperability with the SMEV simulator of the {@code simulators} module, as another party writes attachments:
 * signed inline attachments and signed files on its FTP file storage (with its per-file users), some corrupted after
 * signing. Each message is taken by GetResponse and stored the way the intake stores it; the corrupted ones must be
 * refused (inline) or end UNAVAILABLE (files), all others stored with the sender as signer.
 */
class AttachmentSimulatorIntegrationTests {

    private static final Duration CEILING = Duration.ofSeconds(60);

    @AutoClose
    private static SmevSimulator smev;
    @AutoClose
    private static GatewayTestApp app;

    @BeforeAll
    static void start(@TempDir Path keys) {
        GostKeys.main(new String[] {keys.toString()});
        smev = new SmevSimulator(
                "--simulators.smev.file-storage.enabled=true",
                "--simulators.smev.file-storage.port=0",
                "--simulators.smev.signing.enabled=true",
                "--simulators.smev.signing.smev-key-store=" + keys.resolve("smev.p12"),
                "--simulators.smev.signing.sender-key-store=" + keys.resolve("sender.p12"));
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.attachments.verify-signatures", "true",
                "moku.gateway.attachments.trust-store", keys.resolve("trust-smev.p12").toString(),
                "moku.gateway.attachments.trust-store-password", GostKeys.LOCAL_PASSWORD,
                "moku.gateway.attachments.ftp.port", String.valueOf(smev.fileStoragePort()),
                "moku.gateway.attachments.fetch.interval", "100ms",
                "moku.gateway.attachments.fetch.attempts", "2",
                "moku.gateway.attachments.fetch.first-backoff", "100ms",
                "moku.gateway.attachments.fetch.max-backoff", "100ms"));
    }

    @Test
    void theSimulatorsSignedAttachmentsAndFilesAreStoredAndItsCorruptedOnesAreNot() {
        Map<String, Object> sound = smev.generate("count=4&attachmentShare=1&fsAttachmentShare=1");
        Map<String, Object> corrupt = smev.generate("count=2&attachmentShare=1&fsAttachmentShare=1"
                + "&corruptAttachmentShare=1");
        Map<String, Object> corruptFiles = smev.generate("count=1&fsAttachmentShare=1&corruptAttachmentShare=1");
        Set<String> expected = new HashSet<>(ids(sound, "messageIds"));
        expected.addAll(ids(corrupt, "messageIds"));
        expected.addAll(ids(corruptFiles, "messageIds"));

        Map<String, UUID> stored = new HashMap<>();
        Map<String, String> refused = new HashMap<>();
        SmevRequests requests = new SmevRequests(Namespaces.SERVICE_DATA_1_0, Namespaces.SERVICE_DATA_ROOT, "",
                Clock.systemUTC());
        await("every generated message taken").atMost(CEILING).until(() -> {
            Element message = responseMessage(smev.call("urn:GetResponse", requests.getResponseRequest()));
            if (message != null) {
                String id = messageId(message);
                smev.call("urn:Ack", requests.ackRequest(id));
                try {
                    stored.put(id, store(message));
                } catch (AttachmentRefusedException e) {
                    refused.put(id, e.getMessage());
                }
            }
            Set<String> taken = new HashSet<>(stored.keySet());
            taken.addAll(refused.keySet());
            return taken.containsAll(expected);
        });

        for (String id : ids(sound, "messageIds")) {
            assertThat(stored).as("sound message %s", id).containsKey(id);
            List<Map<String, Object>> attachments = awaitSettled(stored.get(id));
            assertThat(attachments).as("attachments of %s", id).isNotEmpty().allSatisfy(attachment -> {
                assertThat(attachment.get("status")).isIn("STORED", "FETCHED");
                assertThat(String.valueOf(attachment.get("signer"))).contains("Provider information system");
            });
        }
        assertThat(ids(corrupt, "corruptAttachments")).isNotEmpty().allSatisfy(id ->
                assertThat(refused.get(id)).as("refusal of %s", id).contains("does not verify"));
        // Only files on the storage corrupted: the message is stored, its files end UNAVAILABLE after the attempts.
        assertThat(ids(corruptFiles, "corruptAttachments")).singleElement().satisfies(id ->
                assertThat(awaitSettled(stored.get(id))).isNotEmpty().allSatisfy(file -> {
                    assertThat(file).containsEntry("kind", "FS").containsEntry("status", "UNAVAILABLE");
                    assertThat(String.valueOf(file.get("lastError"))).contains("hash mismatch");
                }));
    }

    /** The attachments once none is PENDING any more. */
    private List<Map<String, Object>> awaitSettled(UUID raw) {
        await("attachments of " + raw + " settled").atMost(CEILING).pollInterval(Duration.ofMillis(200))
                .until(() -> list(raw).stream().noneMatch(attachment -> "PENDING".equals(attachment.get("status"))));
        return list(raw);
    }

    private List<Map<String, Object>> list(UUID raw) {
        return app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
    }

    private static UUID store(Element message) {
        UUID raw = Ids.next();
        Mono<Integer> stored = app.bean(IntakeRepository.class)
                .insertRaw(raw, messageId(message), Source.PULL, "(taken by the test)", RawMessageStatus.SPLIT, null,
                        null)
                .then(app.bean(AttachmentIntake.class).store(raw, message, Map.of()));
        app.bean(TransactionalOperator.class).transactional(stored).subscribeOn(Schedulers.parallel()).block(CEILING);
        return raw;
    }

    private static Element responseMessage(String soap) throws Exception {
        NodeList found = SecureXml.documentBuilder().parse(new InputSource(new StringReader(soap)))
                .getElementsByTagNameNS(Namespaces.SMEV_TYPES, "ResponseMessage");
        return found.getLength() == 0 ? null : (Element) found.item(0);
    }

    private static String messageId(Element message) {
        return message.getElementsByTagNameNS(Namespaces.SMEV_TYPES, "MessageId").item(0).getTextContent().strip();
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Map<String, Object> generated, String name) {
        return (List<String>) generated.get(name);
    }
}
