package ru.moku.gateway.attachments;

/**
 * An attachment as an SMEV message declares it: its header (under the sender's signature) joined with what carries
 * its content.
 */
public sealed interface DeclaredAttachment {

    /** {@code AttachmentHeader/contentId} or {@code RefAttachmentHeader/uuid}: unique within the message. */
    String contentId();

    String mimeType();

    /** The detached PKCS#7 signature of the content, or {@code null} when the header has none. */
    byte[] signaturePkcs7();

    /**
     * {@code AttachmentHeader} + {@code AttachmentContent}: the content travels with the message.
     *
     * @param contentId    {@code AttachmentHeader/contentId} = {@code AttachmentContent/Id}
     * @param mimeType     {@code AttachmentHeader/MimeType}
     * @param namespaceUri {@code AttachmentHeader/NamespaceUri}, or {@code null}
     * @param signaturePkcs7 {@code AttachmentHeader/SignaturePKCS7} decoded, or {@code null}
     * @param partId       the MTOM part's content id ({@code xop:Include/@href} without {@code cid:}, decoded), or
     *                     {@code null} for inline content
     * @param inlineBase64 the base64 text of {@code Content} when it is inline, else {@code null}
     */
    record Embedded(String contentId, String mimeType, String namespaceUri, byte[] signaturePkcs7, String partId,
                    String inlineBase64) implements DeclaredAttachment {

        public AttachmentKind kind() {
            return partId != null ? AttachmentKind.MTOM : AttachmentKind.INLINE;
        }
    }

    /**
     * {@code RefAttachmentHeader} + {@code FSAttachment}: a file on SMEV's file storage.
     *
     * @param contentId      the file's uuid
     * @param fileName       {@code RefAttachmentHeader/FileName}, or {@code null}
     * @param namespaceUri   {@code RefAttachmentHeader/NamespaceUri}, or {@code null}
     * @param hash           {@code RefAttachmentHeader/Hash} as declared
     * @param mimeType       {@code RefAttachmentHeader/MimeType}
     * @param signaturePkcs7 {@code RefAttachmentHeader/SignaturePKCS7} decoded, or {@code null}
     * @param user           {@code FSAttachment/UserName}
     * @param password       {@code FSAttachment/Password}
     * @param storedFileName {@code FSAttachment/FileName}: the file's name on the storage
     */
    record FileReference(String contentId, String fileName, String namespaceUri, String hash, String mimeType,
                         byte[] signaturePkcs7, String user, String password, String storedFileName)
            implements DeclaredAttachment {

        @Override
        public String toString() {
            // The password must not reach a log line.
            return "FileReference[uuid=" + contentId + ", fileName=" + fileName + ", storedFileName=" + storedFileName
                    + ", user=" + user + "]";
        }
    }
}
