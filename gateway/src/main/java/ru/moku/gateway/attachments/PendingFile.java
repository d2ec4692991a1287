package ru.moku.gateway.attachments;

import java.util.UUID;

/**
 * A file on SMEV's file storage claimed for one fetch attempt.
 *
 * @param id             the attachment
 * @param rawMessageId   its raw message
 * @param uuid           the file's uuid on the storage
 * @param storedFileName the file's name on the storage ({@code FSAttachment/FileName})
 * @param user           the per-file user
 * @param password       its password
 * @param declaredHash   {@code RefAttachmentHeader/Hash}
 * @param signaturePkcs7 the declared detached signature, or {@code null}
 * @param attempt        the number of this attempt (1 for the first)
 */
public record PendingFile(UUID id, UUID rawMessageId, String uuid, String storedFileName, String user,
                          String password, String declaredHash, byte[] signaturePkcs7, int attempt) {

    /** Where the file is and how to log in, for the {@link FileStorageClient}. */
    public FileLocation location() {
        return new FileLocation(uuid, storedFileName, user, password);
    }

    @Override
    public String toString() {
        return "PendingFile[id=" + id + ", uuid=" + uuid + ", storedFileName=" + storedFileName + ", attempt="
                + attempt + "]";
    }
}
