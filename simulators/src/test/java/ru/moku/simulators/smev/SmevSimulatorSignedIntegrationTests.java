package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.moku.simulators.smev.SmevTestMessages.BASIC;
import static ru.moku.simulators.smev.SmevTestMessages.SOAP;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.texts;
import static ru.moku.simulators.smev.SmevTestMessages.validate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import ru.moku.model.xml.Dom;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;
import ru.moku.smev.crypto.XmlSigner;
import ru.moku.simulators.SimulatorsApplication;
import ru.moku.simulators.testing.MutableClock;

/**
 * The simulator as the local run starts it: it signs what it delivers (sender and SMEV keys), tampers a chosen share,
 * signs attachments with PKCS#7, serves FS files over FTP, and refuses callers whose signature does not verify. Keys
 * are made for this class with {@link GostKeys} and given to the simulator as PKCS#12 files.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=simulators",
        "simulators.smev.seed=20261204",
        "simulators.smev.mtom.enabled=true",
        "simulators.smev.attachments.size=2KB",
        "simulators.smev.attachments.fs-file-size=40KB",
        "simulators.smev.attachments.inline-share=1",
        "simulators.smev.file-storage.enabled=true",
        "simulators.smev.file-storage.port=0",
        "simulators.smev.signing.enabled=true",
        "simulators.smev.verification.verify-callers=true"})
@AutoConfigureWebTestClient
class SmevSimulatorSignedIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CALLER_ID = "SIGNED_BY_CALLER";
    private static final Path KEYS = temporaryDirectory();
    private static final SigningKey SMEV = GostKeys.generate("SMEV 3 (simulator test)");
    private static final SigningKey SENDER = GostKeys.generate("GIS sender (simulator test)");
    private static final SigningKey GATEWAY = GostKeys.generate("MOKU gateway (simulator test)");
    private static final SigningKey STRANGER = GostKeys.generate("Somebody else");
    private static final XmlSignatureVerifier TRUSTING_SMEV_AND_SENDER = new XmlSignatureVerifier(
            TrustedCertificates.of(List.of(SMEV.certificate(), SENDER.certificate())));

    @Autowired
    private WebTestClient client;

    @Autowired
    private MutableClock clock;

    @TestConfiguration(proxyBeanMethods = false)
    static class ControlledClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(Instant.now());
        }
    }

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) {
        GostKeys.writePkcs12(KEYS.resolve("smev.p12"), "changeit", "smev", SMEV);
        GostKeys.writePkcs12(KEYS.resolve("sender.p12"), "changeit", "sender", SENDER);
        GostKeys.writeTrustStore(KEYS.resolve("trust-gateway.p12"), "changeit", GATEWAY.certificate());
        registry.add("simulators.smev.signing.smev-key-store", () -> KEYS.resolve("smev.p12").toString());
        registry.add("simulators.smev.signing.sender-key-store", () -> KEYS.resolve("sender.p12").toString());
        registry.add("simulators.smev.verification.trust-store", () -> KEYS.resolve("trust-gateway.p12").toString());
    }

    @AfterAll
    static void deleteKeys() throws IOException {
        try (var files = Files.list(KEYS)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(KEYS);
    }

    @BeforeEach
    void startEmpty() {
        client = client.mutate().responseTimeout(WAIT).build();
        client.delete().uri("/admin/smev/messages").exchange().expectStatus().isNoContent();
    }

    @Test
    void aDeliveredResponseCarriesTheSendersAndSmevsSignaturesAndBothVerify() {
        generate("count=1");

        Document delivered = SmevTestMessages.parse(getResponse());

        Element responseMessage = responseMessage(delivered);
        Element response = Dom.child(responseMessage, TYPES, "Response").orElseThrow();
        Element senderData = Dom.child(response, TYPES, "SenderProvidedResponseData").orElseThrow();
        assertThat(TRUSTING_SMEV_AND_SENDER.verify(
                Dom.child(response, TYPES, "SenderInformationSystemSignature").orElseThrow(), senderData))
                .isEqualTo(new Verification.Valid(SENDER.certificate()));
        assertThat(TRUSTING_SMEV_AND_SENDER.verify(
                Dom.child(responseMessage, TYPES, "SMEVSignature").orElseThrow(), response))
                .isEqualTo(new Verification.Valid(SMEV.certificate()));
        validate(Dom.child(delivered.getDocumentElement(), SOAP, "Body").flatMap(Dom::firstChildElement).orElseThrow());
    }

    @Test
    void aTamperedMessageIsListedAndItsSignaturesReportADigestMismatch() {
        GeneratedMessages generated = generate("count=4&tamperedShare=0.25&seed=3");
        assertThat(generated.tampered()).hasSize(1);

        int refused = 0;
        for (int i = 0; i < 4; i++) {
            String envelope = getResponse();
            Element response = Dom.child(responseMessage(SmevTestMessages.parse(envelope)), TYPES, "Response")
                    .orElseThrow();
            Verification sender = TRUSTING_SMEV_AND_SENDER.verify(
                    Dom.child(response, TYPES, "SenderInformationSystemSignature").orElseThrow(),
                    Dom.child(response, TYPES, "SenderProvidedResponseData").orElseThrow());
            boolean tampered = generated.tampered().contains(texts(envelope, TYPES, "MessageId").get(0));
            if (tampered) {
                refused++;
                assertThat(sender).isInstanceOfSatisfying(Verification.Invalid.class,
                        invalid -> assertThat(invalid.reason()).startsWith("digest mismatch"));
                assertThat(texts(envelope, "urn://moku-platform/service-data/1.0", "Name").get(0))
                        .endsWith(Tampering.MARK);
            } else {
                assertThat(sender).isInstanceOf(Verification.Valid.class);
            }
        }
        assertThat(refused).isEqualTo(1);
        assertThat(stats().get("tampered")).isEqualTo(generated.tampered());
    }

    @Test
    void tamperedMessagesAreDrawnFromThoseWithoutAttachmentsWhileThereAreEnough() {
        GeneratedMessages generated = generate("count=20&attachmentShare=0.5&fsAttachmentShare=0.25&tamperedShare=0.2");

        assertThat(generated.tampered()).hasSize(4).doesNotContainAnyElementsOf(generated.withAttachments())
                .doesNotContainAnyElementsOf(generated.withFsAttachments());
    }

    @Test
    void anAttachmentCarriesAPkcs7DetachedSignatureOfItsContentBySender() {
        generate("count=1&attachmentShare=1");

        String envelope = getResponse();

        byte[] content = Base64.getDecoder().decode(texts(envelope, BASIC, "Content").get(0));
        byte[] pkcs7 = Base64.getDecoder().decode(texts(envelope, BASIC, "SignaturePKCS7").get(0));
        assertThat(content).hasSize(2048);
        assertThat(DetachedSignatures.verify(pkcs7, GostDigest.of(content),
                TrustedCertificates.of(List.of(SENDER.certificate()))))
                .isEqualTo(new Verification.Valid(SENDER.certificate()));
    }

    @Test
    void anFsAttachmentIsServedOverFtpToItsOwnUserWithTheHashAndSignatureTheMessageGives() throws IOException {
        generate("count=2&fsAttachmentShare=1");
        String first = getResponse();
        String second = getResponse();
        Map<String, Object> storage = client.get().uri("/admin/smev/file-storage").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();

        assertThat(storage).containsEntry("files", 2);
        FTPClient ftp = login(texts(first, BASIC, "UserName").get(0), texts(first, BASIC, "Password").get(0));
        try {
            byte[] file = retrieve(ftp, "/" + texts(first, BASIC, "uuid").get(0) + "/" + texts(first, BASIC, "FileName").get(0));

            assertThat(file).hasSize(40 * 1024);
            assertThat(texts(first, BASIC, "Hash")).containsExactly(
                    Base64.getEncoder().encodeToString(GostDigest.of(file)));
            assertThat(DetachedSignatures.verify(Base64.getDecoder().decode(texts(first, BASIC, "SignaturePKCS7").get(0)),
                    GostDigest.of(file), TrustedCertificates.of(List.of(SENDER.certificate()))))
                    .isInstanceOf(Verification.Valid.class);
            String othersFile = "/" + texts(second, BASIC, "uuid").get(0) + "/" + texts(second, BASIC, "FileName").get(0);
            assertThat(ftp.retrieveFile(othersFile, new ByteArrayOutputStream())).as("another message's file").isFalse();
        } finally {
            ftp.disconnect();
        }
        assertThat(stats()).containsEntry("fsFiles", 2).containsEntry("fsFilesFetched", 1);
    }

    @Test
    void aCorruptAttachmentNoLongerMatchesItsPkcs7SignatureAndIsListed() {
        GeneratedMessages generated = generate("count=1&attachmentShare=1&corruptAttachmentShare=1");

        String envelope = getResponse();

        byte[] content = Base64.getDecoder().decode(texts(envelope, BASIC, "Content").get(0));
        byte[] pkcs7 = Base64.getDecoder().decode(texts(envelope, BASIC, "SignaturePKCS7").get(0));
        assertThat(DetachedSignatures.verify(pkcs7, GostDigest.of(content),
                TrustedCertificates.of(List.of(SENDER.certificate())))).isInstanceOf(Verification.Invalid.class);
        assertThat(generated.corruptAttachments()).isEqualTo(generated.messageIds());
        assertThat(stats().get("corruptAttachments")).isEqualTo(generated.messageIds());
    }

    @Test
    void anUnavailableFileStorageRefusesDownloadsUntilItIsBack() throws IOException {
        generate("count=1&fsAttachmentShare=1");
        String envelope = getResponse();
        String path = "/" + texts(envelope, BASIC, "uuid").get(0) + "/" + texts(envelope, BASIC, "FileName").get(0);
        client.put().uri("/admin/smev/file-storage/unavailable?value=true").exchange().expectStatus().isOk();

        FTPClient ftp = login(texts(envelope, BASIC, "UserName").get(0), texts(envelope, BASIC, "Password").get(0));
        try {
            assertThat(ftp.retrieveFile(path, new ByteArrayOutputStream())).as("while unavailable").isFalse();
            assertThat(ftp.getReplyCode()).isEqualTo(550);
            client.put().uri("/admin/smev/file-storage/unavailable?value=false").exchange().expectStatus().isOk();
            assertThat(retrieve(ftp, path)).hasSize(40 * 1024);
        } finally {
            ftp.disconnect();
        }
    }

    @Test
    void aSignedCallerIsServedAndAnUnsignedOrUntrustedOneGetsSignatureVerificationFault() {
        soap(signed(SmevTestMessages.getResponseRequest(clock.instant()), GATEWAY), HttpStatus.OK);

        String unsigned = soap(SmevTestMessages.getResponseRequest(clock.instant()), HttpStatus.INTERNAL_SERVER_ERROR);
        String stranger = soap(signed(SmevTestMessages.ackRequest(ServiceDataXml.newMessageId()), STRANGER),
                HttpStatus.INTERNAL_SERVER_ERROR);

        assertThat(texts(unsigned, "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/faults/1.3",
                "SignatureVerificationFault")).contains("NoSignatureFound");
        assertThat(texts(stranger, "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/faults/1.3",
                "SignatureVerificationFault")).contains("CertificateIsNotFound");
        assertThat(stats()).containsEntry("callerSignaturesRejected", 2);
    }

    @Test
    void aSignedSendRequestIsAccepted() {
        String request = SmevTestMessages.sendRequestRequest(ServiceDataXml.newMessageId(),
                SmevTestMessages.surveyNotification("APP-7", "https://example.org/s/7"));

        String answer = soap(signed(request, GATEWAY), HttpStatus.OK);

        assertThat(texts(answer, TYPES, "Status")).containsExactly("requestIsQueued");
    }

    /** Logged in to the simulator's file storage, passive and binary, as the gateway's fetcher does. */
    private FTPClient login(String user, String password) throws IOException {
        Map<String, Object> storage = client.get().uri("/admin/smev/file-storage").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
        FTPClient ftp = new FTPClient();
        ftp.setDefaultTimeout((int) WAIT.toMillis());
        ftp.connect((String) storage.get("host"), (Integer) storage.get("port"));
        assertThat(ftp.login(user, password)).as("login " + user).isTrue();
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        return ftp;
    }

    @Test
    void signingWithoutAKeyStoreStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> SimulatorsApplication.builder().run("--server.port=0",
                "--simulators.smev.signing.enabled=true",
                "--simulators.smev.signing.smev-key-store=" + KEYS.resolve("smev.p12"),
                "--simulators.smev.signing.sender-key-store=" + KEYS.resolve("no-such.p12")).close())
                .hasStackTraceContaining("simulators.smev.signing.sender-key-store")
                .hasStackTraceContaining("no-such.p12");
    }

    private static byte[] retrieve(FTPClient ftp, String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ftp.retrieveFile(path, out)).as("RETR " + path + ": " + ftp.getReplyString()).isTrue();
        return out.toByteArray();
    }

    private static String signed(String envelope, SigningKey key) {
        return new XmlSigner(key).signEnvelope(envelope, CALLER_ID, TYPES, "CallerInformationSystemSignature");
    }

    private static Element responseMessage(Document envelope) {
        return Dom.child(envelope.getDocumentElement(), SOAP, "Body").flatMap(Dom::firstChildElement)
                .flatMap(body -> Dom.child(body, TYPES, "ResponseMessage")).orElseThrow();
    }

    /** A signed GetResponse; the answer's root part (the MTOM parts are none: attachments go inline here). */
    private String getResponse() {
        byte[] body = client.post().uri("/smev").contentType(MediaType.TEXT_XML)
                .bodyValue(signed(SmevTestMessages.getResponseRequest(clock.instant()), GATEWAY))
                .exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String boundary = text.substring(2, text.indexOf("\r\n"));
        return MtomTestReader.parts(body, boundary).get(0).text();
    }

    private String soap(String envelope, HttpStatus expected) {
        byte[] body = client.post().uri("/smev").contentType(MediaType.TEXT_XML).bodyValue(envelope)
                .exchange()
                .expectStatus().isEqualTo(expected)
                .expectBody(byte[].class).returnResult().getResponseBody();
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        if (text.startsWith("--")) {
            return MtomTestReader.parts(body, text.substring(2, text.indexOf("\r\n"))).get(0).text();
        }
        return text;
    }

    private GeneratedMessages generate(String query) {
        return client.post().uri("/admin/smev/messages/generate?" + query).exchange()
                .expectStatus().isOk()
                .expectBody(GeneratedMessages.class).returnResult().getResponseBody();
    }

    private Map<String, Object> stats() {
        return client.get().uri("/admin/smev/stats").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() { })
                .returnResult().getResponseBody();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("smev-simulator-keys");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
