package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachmentDeclarationsUnitTests {

    private static final byte[] SIGNATURE = {0x30, 0x03, 0x02, 0x01, 0x01};

    @Test
    void anMtomAttachmentNamesItsPartByTheDecodedContentId() {
        List<DeclaredAttachment> declared = AttachmentDeclarations.read(AttachmentMessages.message()
                .mtom("doc-1", "application/pdf", SIGNATURE, "part%2B1%40example.org").element());

        assertThat(declared).singleElement().isInstanceOfSatisfying(DeclaredAttachment.Embedded.class, embedded -> {
            assertThat(embedded.contentId()).isEqualTo("doc-1");
            assertThat(embedded.mimeType()).isEqualTo("application/pdf");
            assertThat(embedded.signaturePkcs7()).isEqualTo(SIGNATURE);
            assertThat(embedded.partId()).isEqualTo("part+1@example.org");
            assertThat(embedded.kind()).isEqualTo(AttachmentKind.MTOM);
        });
    }

    @Test
    void aPlusInACidUrlStaysAPlus() {
        assertThat(AttachmentDeclarations.percentDecoded("a+b%20c%D1%84")).isEqualTo("a+b cф");
    }

    @Test
    void anInlineAttachmentCarriesItsBase64Text() {
        List<DeclaredAttachment> declared = AttachmentDeclarations.read(AttachmentMessages.message()
                .inline("doc-1", "text/plain", null, "hello".getBytes(StandardCharsets.UTF_8)).element());

        assertThat(declared).singleElement().isInstanceOfSatisfying(DeclaredAttachment.Embedded.class, embedded -> {
            assertThat(embedded.kind()).isEqualTo(AttachmentKind.INLINE);
            assertThat(embedded.inlineBase64()).isEqualTo("aGVsbG8=");
            assertThat(embedded.signaturePkcs7()).isNull();
        });
    }

    @Test
    void aFileReferenceJoinsItsHeaderWithItsCredentials() {
        List<DeclaredAttachment> declared = AttachmentDeclarations.read(AttachmentMessages.message()
                .file("0c3f2a1e-0000-4000-8000-000000000001", "report.xml", "HASH=", "application/xml", SIGNATURE,
                        "user-1", "secret-1")
                .element());

        assertThat(declared).singleElement().isInstanceOfSatisfying(DeclaredAttachment.FileReference.class, file -> {
            assertThat(file.contentId()).isEqualTo("0c3f2a1e-0000-4000-8000-000000000001");
            assertThat(file.fileName()).isEqualTo("report.xml");
            assertThat(file.storedFileName()).isEqualTo("report.xml");
            assertThat(file.hash()).isEqualTo("HASH=");
            assertThat(file.user()).isEqualTo("user-1");
            assertThat(file.password()).isEqualTo("secret-1");
            assertThat(file.toString()).doesNotContain("secret-1");
        });
    }

    @Test
    void aMessageWithoutAttachmentsDeclaresNone() {
        assertThat(AttachmentDeclarations.read(AttachmentMessages.message().element())).isEmpty();
    }

    @Test
    void noMessageDeclaresNone() {
        assertThat(AttachmentDeclarations.read(null)).isEmpty();
    }

    @Test
    void aHeaderWithoutContentIsRefused() {
        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.message()
                .header("doc-1", "application/pdf", null).element()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("AttachmentHeader doc-1 has no AttachmentContent")
                .satisfies(e -> assertThat(((AttachmentRefusedException) e).tooLarge()).isFalse());
    }

    @Test
    void aContentWithoutHeaderIsRefused() {
        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.message()
                .contentOnly("doc-9", new byte[] {1}).element()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("AttachmentContent doc-9 has no AttachmentHeader");
    }

    @Test
    void twoHeadersWithOneContentIdAreRefused() {
        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.message()
                .inline("doc-1", "text/plain", null, new byte[] {1})
                .inline("doc-1", "text/plain", null, new byte[] {2}).element()))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("two AttachmentHeader elements with contentId doc-1");
    }

    @Test
    void aSignatureThatIsNotBase64IsRefused() {
        String xml = AttachmentMessages.message().inline("doc-1", "text/plain", SIGNATURE, new byte[] {1}).xml()
                .replaceFirst("<b:SignaturePKCS7>[^<]*<", "<b:SignaturePKCS7>not*base64<");

        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.parse(xml)))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("SignaturePKCS7 of attachment doc-1 is not base64");
    }

    @Test
    void anIncludeThatIsNotACidUrlIsRefused() {
        String xml = AttachmentMessages.message().mtom("doc-1", "text/plain", null, "p1").xml()
                .replace("href=\"cid:p1\"", "href=\"http://example.org/p1\"");

        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.parse(xml)))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("is not a cid: URL");
    }

    @Test
    void aFileReferenceWithoutItsFsAttachmentIsRefused() {
        String xml = AttachmentMessages.message()
                .file("0c3f2a1e-0000-4000-8000-000000000001", "a.bin", "H", "application/octet-stream", null, "u", "p")
                .xml().replaceAll("<b:FSAttachmentsList>.*</b:FSAttachmentsList>", "");

        assertThatThrownBy(() -> AttachmentDeclarations.read(AttachmentMessages.parse(xml)))
                .isInstanceOf(AttachmentRefusedException.class)
                .hasMessageContaining("RefAttachmentHeader 0c3f2a1e-0000-4000-8000-000000000001 has no FSAttachment");
    }
}
