package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.moku.simulators.smev.SmevTestMessages.BASIC;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.bodyElement;
import static ru.moku.simulators.smev.SmevTestMessages.texts;
import static ru.moku.simulators.smev.SmevTestMessages.validate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Attachments and file references are written where the SMEV 1.3 schema wants them, inline or as XOP references. */
class SmevSoapAttachmentsUnitTests {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final String MESSAGE_ID = "0a1b2c3d-4e5f-11ef-8a9b-0123456789ab";
    private static final byte[] CONTENT = "%PDF-1.4 attachment".getBytes(StandardCharsets.US_ASCII);
    private static final SmevSoap.ResponseHeader HEADER = new SmevSoap.ResponseHeader(MESSAGE_ID, "to", "GIS", "ГИС",
            NOW, NOW);

    @Test
    void anMtomAttachmentInAPlainAnswerIsInlineBase64AndTheResponseValidates() {
        String xml = SmevSoap.getResponse(HEADER, payload(attachment(Attachment.Transfer.MTOM), List.of()), false);

        validate(bodyElement(xml));
        assertThat(texts(xml, BASIC, "Content")).containsExactly(Base64.getEncoder().encodeToString(CONTENT));
        assertThat(texts(xml, BASIC, "SignaturePKCS7")).containsExactly(Base64.getEncoder().encodeToString(new byte[] {1, 2}));
        assertThat(xml).doesNotContain("xop:Include");
    }

    @Test
    void anInlineAttachmentStaysInlineInAnMtomAnswer() {
        String xml = SmevSoap.getResponse(HEADER, payload(attachment(Attachment.Transfer.INLINE), List.of()), true);

        validate(bodyElement(xml));
        assertThat(texts(xml, BASIC, "Content")).containsExactly(Base64.getEncoder().encodeToString(CONTENT));
    }

    @Test
    void aFileOnTheStorageIsReferencedInTheSignedDataAndItsCredentialsFollowTheMetadata() {
        FsAttachment file = new FsAttachment("1e2f9e6b-f016-11f1-a50e-affc5889892f", "application.pdf",
                "application/pdf", "aGFzaA==", null, "smev-user", "secret", 42);

        String xml = SmevSoap.getResponse(HEADER, payload(List.of(), List.of(file)), true);

        validate(bodyElement(xml));
        assertThat(texts(xml, BASIC, "uuid")).containsExactly(file.uuid(), file.uuid());
        assertThat(texts(xml, BASIC, "Hash")).containsExactly("aGFzaA==");
        assertThat(texts(xml, BASIC, "UserName")).containsExactly("smev-user");
        assertThat(texts(xml, BASIC, "Password")).containsExactly("secret");
        assertThat(texts(xml, BASIC, "FileName")).containsExactly("application.pdf", "application.pdf");
        assertThat(texts(xml, TYPES, "MessageId")).containsExactly(MESSAGE_ID);
    }

    @Test
    void anUnsplitStartIsOneQuotedParameter() {
        MtomWriter.Multipart multipart = MtomWriter.write("<x/>", List.of(), "b1", false);

        Map<String, String> parameters = MtomTestReader.parameters(multipart.contentType());
        assertThat(multipart.contentType()).contains("start=\"<root.message@simulator.smev>\"");
        assertThat(parameters).containsEntry("boundary", "b1").containsEntry("type", "application/xop+xml");
        assertThat(MtomTestReader.parts(multipart.body(), "b1")).singleElement()
                .satisfies(part -> assertThat(part.text()).isEqualTo("<x/>"));
    }

    private static List<Attachment> attachment(Attachment.Transfer transfer) {
        return List.of(new Attachment("att-1", "application/pdf", CONTENT, new byte[] {1, 2}, transfer));
    }

    private static SmevSoap.Payload payload(List<Attachment> attachments, List<FsAttachment> files) {
        String document = ServiceDataXml.serviceData(
                new ServiceDataGenerator(new SplittableRandom(7), LocalDate.of(2026, 12, 4)).cards(1, 0));
        return new SmevSoap.Payload(writer -> Stax.copy(SmevTestMessages.parse(document).getDocumentElement(), writer),
                null, attachments, files);
    }
}
