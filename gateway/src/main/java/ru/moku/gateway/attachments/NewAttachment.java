package ru.moku.gateway.attachments;

import java.util.Objects;
import java.util.UUID;

/**
 * An attachment's header row as the intake records it (see {@code V20261204.12__attachments.sql} for the columns).
 *
 * @param id             the attachment
 * @param rawMessageId   the raw message that declared it
 * @param kind           how its content travels
 * @param contentId      {@code contentId} or the file's uuid
 * @param fileName       the file name, if declared
 * @param mimeType       the declared MIME type
 * @param namespaceUri   the declared namespace, or {@code null}
 * @param signaturePkcs7 the declared detached signature, or {@code null}
 * @param declaredHash   FS: the declared hash
 * @param fsUser         FS: the per-file user on the file storage
 * @param fsPassword     FS: its password
 * @param fsFileName     FS: the file's name on the storage
 * @param status         STORED for contents stored with the message, PENDING for a file to fetch
 */
public record NewAttachment(UUID id, UUID rawMessageId, AttachmentKind kind, String contentId, String fileName,
                            String mimeType, String namespaceUri, byte[] signaturePkcs7, String declaredHash,
                            String fsUser, String fsPassword, String fsFileName, AttachmentStatus status) {

    public NewAttachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(rawMessageId, "rawMessageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(status, "status");
    }

    @Override
    public String toString() {
        return "NewAttachment[id=" + id + ", rawMessageId=" + rawMessageId + ", kind=" + kind + ", contentId="
                + contentId + ", status=" + status + "]";
    }
}
