package ru.moku.gateway.attachments;

import java.time.Instant;
import java.util.UUID;

/**
 * An attachment as the operator API shows it.
 *
 * @param id          the attachment (for its content: {@code …/attachments/{id}/content})
 * @param contentId   {@code contentId} (MTOM, INLINE) or the file's uuid (FS)
 * @param kind        MTOM, INLINE or FS
 * @param fileName    the declared file name (FS), or {@code null}
 * @param mimeType    the declared MIME type
 * @param size        bytes stored; {@code null} while none are
 * @param digest      base64 of the GOST R 34.11-2012 256-bit digest of what is stored; {@code null} while nothing is
 * @param signer      subject of the certificate whose detached signature verified; {@code null} when not checked
 * @param status      STORED, PENDING, FETCHED or UNAVAILABLE
 * @param attempts    FS: fetch attempts so far
 * @param lastError   FS: why the last attempt failed
 * @param createdAt   when the message's intake recorded it
 * @param updatedAt   when it last changed
 */
public record AttachmentView(UUID id, String contentId, AttachmentKind kind, String fileName, String mimeType,
                             Long size, String digest, String signer, AttachmentStatus status, int attempts,
                             String lastError, Instant createdAt, Instant updatedAt) {
}
