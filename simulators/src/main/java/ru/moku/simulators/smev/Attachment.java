package ru.moku.simulators.smev;

import java.util.Objects;

/**
 * A file carried in the message itself: {@code SenderProvidedResponseData/AttachmentHeaderList/AttachmentHeader}
 * (contentId, MimeType, SignaturePKCS7) and {@code ResponseMessage/AttachmentContentList/AttachmentContent}
 * (Id, Content).
 *
 * @param contentId      {@code AttachmentHeader/contentId} = {@code AttachmentContent/Id} (an {@code xs:ID})
 * @param mimeType       {@code AttachmentHeader/MimeType}
 * @param content        the file's bytes
 * @param signaturePkcs7 detached PKCS#7 signature of the content with the sender's key, or null (none sent)
 * @param transfer       how {@code Content} travels
 */
record Attachment(String contentId, String mimeType, byte[] content, byte[] signaturePkcs7, Transfer transfer) {

    /** The domain of {@code Content-ID}s of the MIME parts the simulator writes. */
    static final String CONTENT_ID_DOMAIN = "simulator.smev";

    Attachment {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(transfer, "transfer");
    }

    /** How {@code AttachmentContent/Content} travels. */
    enum Transfer {
        /** As a MIME part referred to by {@code xop:Include} when the answer is MTOM; inline base64 when it is not. */
        MTOM,
        /** Always base64 text inside {@code Content}. */
        INLINE
    }

    /** Whether the content goes as a MIME part in an answer that is ({@code mtom}) or is not MTOM. */
    boolean asPart(boolean mtom) {
        return mtom && transfer == Transfer.MTOM;
    }

    /** The MIME part's {@code Content-ID} without angle brackets (what {@code cid:} URLs name). */
    String mimeContentId() {
        return contentId + "@" + CONTENT_ID_DOMAIN;
    }
}
