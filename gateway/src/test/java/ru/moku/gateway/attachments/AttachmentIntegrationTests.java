package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.MtomBodies;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.gateway.support.TestFileStorage;
import ru.moku.model.messaging.Ids;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;

/**
 * Attachments against the real PostgreSQL and an FTP server standing in for SMEV's file storage: each message is
 * stored the way the intake stores it — its raw message and its attachments in one transaction.
 */
class AttachmentIntegrationTests {

    private static final Duration CEILING = Duration.ofSeconds(60);

    @AutoClose
    private static TestFileStorage fileStorage;
    @AutoClose
    private static GatewayTestApp app;

    private final Random random = new Random(10);

    /** The provider who signs attachments (trusted) and someone else (not trusted). */
    private static SigningKey sender;
    private static SigningKey stranger;

    @BeforeAll
    static void start(@TempDir Path keys) {
        sender = GostKeys.generate("Sender IS");
        stranger = GostKeys.generate("Stranger");
        Path trustStore = keys.resolve("trust-attachments.p12");
        GostKeys.writeTrustStore(trustStore, "changeit", sender.certificate());
        fileStorage = TestFileStorage.start();
        app = GatewayTestApp.start(Map.ofEntries(
                Map.entry("moku.gateway.attachments.verify-signatures", "true"),
                Map.entry("moku.gateway.attachments.trust-store", trustStore.toString()),
                Map.entry("moku.gateway.attachments.trust-store-password", "changeit"),
                Map.entry("moku.gateway.attachments.chunk-size", "4KB"),
                Map.entry("moku.gateway.attachments.max-size", "1MB"),
                Map.entry("moku.gateway.attachments.ftp.port", String.valueOf(fileStorage.port())),
                Map.entry("moku.gateway.attachments.fetch.interval", "100ms"),
                Map.entry("moku.gateway.attachments.fetch.attempts", "3"),
                Map.entry("moku.gateway.attachments.fetch.first-backoff", "100ms"),
                Map.entry("moku.gateway.attachments.fetch.max-backoff", "200ms")));
    }

    @Test
    void mtomAndInlineContentsAreStoredInChunksAndServedAsTheyCame() {
        byte[] document = randomBytes(100_000);
        byte[] note = "a short note".getBytes(StandardCharsets.UTF_8);
        AttachmentMessages message = AttachmentMessages.message()
                .mtom("doc-1", "application/pdf", null, "doc-1@sender.example")
                .inline("note-1", "text/plain", null, note);

        UUID raw = store(message, Map.of("doc-1@sender.example", part("doc-1@sender.example", document)));

        List<Map<String, Object>> listed = list(raw);
        assertThat(listed).extracting(view -> view.get("contentId")).containsExactlyInAnyOrder("doc-1", "note-1");
        Map<String, Object> pdf = byContentId(listed, "doc-1");
        assertThat(pdf).containsEntry("kind", "MTOM").containsEntry("status", "STORED")
                .containsEntry("mimeType", "application/pdf").containsEntry("size", 100_000)
                .containsEntry("digest", digestBase64(document));
        assertThat(app.db.count("SELECT count(*) FROM smev.attachment_chunk WHERE attachment_id = '"
                + pdf.get("id") + "'")).isEqualTo(25);
        assertThat(content(raw, pdf.get("id"), HttpStatus.OK, MediaType.parseMediaType("application/pdf")))
                .isEqualTo(document);
        Map<String, Object> text = byContentId(listed, "note-1");
        assertThat(text).containsEntry("kind", "INLINE").containsEntry("size", note.length);
        assertThat(content(raw, text.get("id"), HttpStatus.OK, MediaType.TEXT_PLAIN)).isEqualTo(note);
    }

    @Test
    void aHeaderWithoutContentRefusesTheMessageAndNothingOfItIsKept() {
        UUID raw = Ids.next();

        assertThatThrownBy(() -> storeAs(raw, AttachmentMessages.message()
                .inline("doc-1", "text/plain", null, new byte[] {1})
                .header("doc-2", "application/pdf", null), Map.of()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("AttachmentHeader doc-2 has no AttachmentContent");

        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE id = '" + raw + "'")).isZero();
        assertThat(app.db.count("SELECT count(*) FROM smev.attachment WHERE raw_message_id = '" + raw + "'")).isZero();
    }

    @Test
    void aPartOverTheLimitRefusesTheMessageAsTooLargeAndNothingOfItIsKept() {
        UUID raw = Ids.next();

        assertThatThrownBy(() -> storeAs(raw, AttachmentMessages.message()
                .mtom("doc-1", "application/pdf", null, "p1"), Map.of("p1", part("p1", randomBytes(1_100_000)))))
                .isInstanceOfSatisfying(AttachmentRefusedException.class,
                        refused -> assertThat(refused.tooLarge()).isTrue());

        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE id = '" + raw + "'")).isZero();
        assertThat(app.db.count("SELECT count(*) FROM smev.attachment_chunk c JOIN smev.attachment a"
                + " ON a.id = c.attachment_id WHERE a.raw_message_id = '" + raw + "'")).isZero();
    }

    @Test
    void aContentSignedByATrustedSenderIsStoredWithItsSigner() {
        byte[] document = randomBytes(20_000);

        UUID raw = store(AttachmentMessages.message().mtom("doc-1", "application/pdf",
                DetachedSignatures.sign(sender, document), "p1"), Map.of("p1", part("p1", document)));

        assertThat(byContentId(list(raw), "doc-1")).containsEntry("digest", Base64.getEncoder().encodeToString(
                GostDigest.of(document)));
        assertThat(String.valueOf(byContentId(list(raw), "doc-1").get("signer"))).contains("CN=Sender IS");
    }

    @Test
    void aContentThatIsNotWhatWasSignedRefusesTheMessage() {
        byte[] signed = randomBytes(5000);
        byte[] corrupted = signed.clone();
        corrupted[1234] ^= 1;
        UUID raw = Ids.next();

        assertThatThrownBy(() -> storeAs(raw, AttachmentMessages.message().mtom("doc-1", "application/pdf",
                DetachedSignatures.sign(sender, signed), "p1"), Map.of("p1", part("p1", corrupted))))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("SignaturePKCS7 of attachment doc-1 does not verify");

        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE id = '" + raw + "'")).isZero();
    }

    @Test
    void aContentSignedByAnUntrustedCertificateRefusesTheMessage() {
        byte[] document = "signed by someone we do not know".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store(AttachmentMessages.message().inline("doc-1", "text/plain",
                DetachedSignatures.sign(stranger, document), document), Map.of()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining("Stranger");
    }

    @Test
    void aFileOnTheFileStorageIsFetchedCheckedAndServed() {
        byte[] file = randomBytes(30_000);
        String uuid = UUID.randomUUID().toString();
        fileStorage.allow("user-" + uuid, "pw-" + uuid);
        fileStorage.put(uuid, "report.zip", file);

        UUID raw = store(AttachmentMessages.message().file(uuid, "report.zip", digestBase64(file), "application/zip",
                DetachedSignatures.sign(sender, file), "user-" + uuid, "pw-" + uuid), Map.of());

        Map<String, Object> fetched = awaitStatus(raw, uuid, "FETCHED");
        assertThat(fetched).containsEntry("kind", "FS").containsEntry("fileName", "report.zip")
                .containsEntry("size", 30_000).containsEntry("digest", digestBase64(file))
                .containsEntry("attempts", 1);
        assertThat(String.valueOf(fetched.get("signer"))).contains("CN=Sender IS");
        app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments/" + fetched.get("id") + "/content").exchange()
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=.*report\\.zip.*");
        assertThat(content(raw, fetched.get("id"), HttpStatus.OK, MediaType.parseMediaType("application/zip")))
                .isEqualTo(file);
        assertThat(app.db.queryForObject("SELECT fs_password FROM smev.attachment WHERE id = '" + fetched.get("id")
                + "'", String.class)).as("credentials are forgotten once the file is had").isNull();
    }

    @Test
    void aFileWhoseHashDoesNotMatchIsRetriedThenUnavailableWithAnIncident() {
        String uuid = UUID.randomUUID().toString();
        fileStorage.allow("user-" + uuid, "pw-" + uuid);
        fileStorage.put(uuid, "data.bin", randomBytes(1000));

        UUID raw = store(AttachmentMessages.message().file(uuid, "data.bin", digestBase64(new byte[] {42}),
                "application/octet-stream", null, "user-" + uuid, "pw-" + uuid), Map.of());

        Map<String, Object> unavailable = awaitStatus(raw, uuid, "UNAVAILABLE");
        assertThat(unavailable).containsEntry("attempts", 3);
        assertThat(String.valueOf(unavailable.get("lastError"))).contains("hash mismatch");
        assertThat(openIncidents(unavailable.get("id"))).hasSize(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.attachment_chunk WHERE attachment_id = '"
                + unavailable.get("id") + "'")).as("a refused file is not kept").isZero();
        app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments/" + unavailable.get("id") + "/content")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/attachment-not-stored");
    }

    @Test
    void aFileWhoseSignatureDoesNotVerifyIsRetriedThenUnavailable() {
        byte[] file = randomBytes(2000);
        String uuid = UUID.randomUUID().toString();
        fileStorage.allow("user-" + uuid, "pw-" + uuid);
        fileStorage.put(uuid, "signed.bin", file);

        UUID raw = store(AttachmentMessages.message().file(uuid, "signed.bin", digestBase64(file),
                "application/octet-stream", DetachedSignatures.sign(stranger, file), "user-" + uuid, "pw-" + uuid),
                Map.of());

        Map<String, Object> unavailable = awaitStatus(raw, uuid, "UNAVAILABLE");
        assertThat(String.valueOf(unavailable.get("lastError"))).contains("SignaturePKCS7 does not verify");
        assertThat(openIncidents(unavailable.get("id"))).hasSize(1);
    }

    @Test
    void aFileNotThereUntilTheAttemptsAreSpentIsFetchedAfterTheIncidentIsRetried() {
        byte[] file = randomBytes(5000);
        String uuid = UUID.randomUUID().toString();
        fileStorage.allow("user-" + uuid, "pw-" + uuid);

        UUID raw = store(AttachmentMessages.message().file(uuid, "late.pdf", digestBase64(file), "application/pdf",
                null, "user-" + uuid, "pw-" + uuid), Map.of());
        Map<String, Object> unavailable = awaitStatus(raw, uuid, "UNAVAILABLE");
        List<String> incidents = openIncidents(unavailable.get("id"));
        assertThat(incidents).hasSize(1);

        fileStorage.put(uuid, "late.pdf", file);
        app.http.post().uri("/api/v1/incidents/" + incidents.get(0) + "/retry").exchange()
                .expectStatus().isAccepted();

        Map<String, Object> fetched = awaitStatus(raw, uuid, "FETCHED");
        assertThat(fetched).containsEntry("attempts", 1).containsEntry("lastError", null);
        assertThat(content(raw, fetched.get("id"), HttpStatus.OK, MediaType.APPLICATION_PDF)).isEqualTo(file);
        assertThat(openIncidents(unavailable.get("id"))).isEmpty();
    }

    @Test
    void anUnknownRawMessageOrAttachmentIsA404Problem() {
        UUID raw = store(AttachmentMessages.message().inline("doc-1", "text/plain", null, new byte[] {1}), Map.of());

        app.http.get().uri("/api/v1/raw-messages/" + UUID.randomUUID() + "/attachments").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/not-found");
        app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments/" + UUID.randomUUID() + "/content")
                .exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void aRawMessageWithoutAttachmentsListsNone() {
        UUID raw = store(AttachmentMessages.message(), Map.of());

        assertThat(list(raw)).isEmpty();
    }

    @Test
    void anMtomMessagePushedWithASignedAttachmentIsSplitAndItsAttachmentServed() {
        byte[] pdf = randomBytes(40_000);
        String xml = envelopeWithMtomAttachment(SmevMessages.newMessageId(), DetachedSignatures.sign(sender, pdf));
        MtomBodies.Body body = MtomBodies.mtom().splitStart()
                .attachment("doc-1@sender.example", "application/pdf", pdf).build(xml);

        Map<?, ?> receipt = app.http.post().uri("/smev/inbound")
                .contentType(MediaType.parseMediaType(body.contentType())).bodyValue(body.bytes())
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(Map.class).returnResult().getResponseBody();

        UUID raw = UUID.fromString(String.valueOf(receipt.get("rawMessageId")));
        Map<String, Object> attachment = byContentId(list(raw), "doc-1");
        assertThat(attachment).containsEntry("kind", "MTOM").containsEntry("status", "STORED")
                .containsEntry("size", 40_000);
        assertThat(String.valueOf(attachment.get("signer"))).contains("CN=Sender IS");
        assertThat(content(raw, attachment.get("id"), HttpStatus.OK, MediaType.APPLICATION_PDF)).isEqualTo(pdf);
    }

    @Test
    void anMtomMessagePushedWithoutThePartItNamesIsRefusedWithAnIncidentAndNotStored() {
        String messageId = SmevMessages.newMessageId();
        MtomBodies.Body body = MtomBodies.mtom().build(envelopeWithMtomAttachment(messageId, null));

        app.http.post().uri("/smev/inbound").contentType(MediaType.parseMediaType(body.contentType()))
                .bodyValue(body.bytes())
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody().jsonPath("$.type").isEqualTo("https://moku-platform/problems/attachment-invalid");

        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE body LIKE '%" + messageId + "%'"))
                .isZero();
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'ATTACHMENT_INVALID'"
                + " AND message LIKE '%MTOM part <doc-1@sender.example>%'")).isPositive();
    }

    /** A valid service card with one MTOM attachment {@code doc-1} (part {@code doc-1@sender.example}). */
    private static String envelopeWithMtomAttachment(String messageId, byte[] pkcs7) {
        String signature = pkcs7 == null ? "" : "<ns1:SignaturePKCS7>" + Base64.getEncoder().encodeToString(pkcs7)
                + "</ns1:SignaturePKCS7>";
        return SmevMessages.envelope(messageId, SmevMessages.serviceData(SmevMessages.legalEntityCard("ATT-1")))
                .replace("</ns1:MessagePrimaryContent>", "</ns1:MessagePrimaryContent><ns1:AttachmentHeaderList>"
                        + "<ns1:AttachmentHeader><ns1:contentId>doc-1</ns1:contentId><ns1:MimeType>application/pdf"
                        + "</ns1:MimeType>" + signature + "</ns1:AttachmentHeader></ns1:AttachmentHeaderList>")
                .replace("</ns2:Response>", "</ns2:Response><ns1:AttachmentContentList><ns1:AttachmentContent>"
                        + "<ns1:Id>doc-1</ns1:Id><ns1:Content><xop:Include"
                        + " xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:doc-1@sender.example\"/>"
                        + "</ns1:Content></ns1:AttachmentContent></ns1:AttachmentContentList>");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private UUID store(AttachmentMessages message, Map<String, AttachmentPart> parts) {
        UUID raw = Ids.next();
        storeAs(raw, message, parts);
        return raw;
    }

    /** Stores the raw message and its attachments in one transaction, as the intake does. */
    private void storeAs(UUID raw, AttachmentMessages message, Map<String, AttachmentPart> parts) {
        String xml = message.xml();
        Mono<Integer> stored = app.bean(IntakeRepository.class)
                .insertRaw(raw, UUID.randomUUID().toString(), Source.PUSH, xml, RawMessageStatus.SPLIT, null, null)
                .then(app.bean(AttachmentIntake.class).store(raw, AttachmentMessages.parse(xml), parts));
        // On a non-blocking thread, as the intake runs it: BlockHound fails whatever blocks on the way.
        app.bean(TransactionalOperator.class).transactional(stored).subscribeOn(Schedulers.parallel()).block(CEILING);
    }

    private static AttachmentPart part(String id, byte[] content) {
        int piece = 8192;
        Flux<DataBuffer> buffers = Flux.range(0, (content.length + piece - 1) / piece)
                .map(i -> DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOfRange(content,
                        i * piece, Math.min(content.length, (i + 1) * piece))));
        return new AttachmentPart(id, "application/octet-stream", buffers);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> list(UUID raw) {
        return app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments").exchange()
                .expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    private static Map<String, Object> byContentId(List<Map<String, Object>> listed, String contentId) {
        return listed.stream().filter(view -> contentId.equals(view.get("contentId"))).findFirst().orElseThrow();
    }

    private Map<String, Object> awaitStatus(UUID raw, String contentId, String status) {
        await(contentId + " to be " + status).atMost(CEILING).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(byContentId(list(raw), contentId).get("status")));
        return byContentId(list(raw), contentId);
    }

    private byte[] content(UUID raw, Object attachmentId, HttpStatus status, MediaType type) {
        return app.http.get().uri("/api/v1/raw-messages/" + raw + "/attachments/" + attachmentId + "/content")
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(type)
                .expectBody(byte[].class).returnResult().getResponseBody();
    }

    private List<String> openIncidents(Object attachmentId) {
        return app.db.strings("SELECT id::text FROM smev.incident WHERE kind = 'FS_ATTACHMENT_UNAVAILABLE'"
                + " AND status = 'OPEN' AND subject = '" + attachmentId + "'");
    }

    private String digestBase64(byte[] content) {
        MessageDigest digest = app.bean(AttachmentCrypto.class).newDigest();
        return Base64.getEncoder().encodeToString(digest.digest(content));
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
