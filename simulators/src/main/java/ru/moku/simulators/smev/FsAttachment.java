package ru.moku.simulators.smev;

import java.util.Objects;

/**
 * A file on SMEV's file storage: {@code SenderProvidedResponseData/RefAttachmentHeaderList/RefAttachmentHeader}
 * (uuid, FileName, Hash, MimeType, SignaturePKCS7) and {@code Response/FSAttachmentsList/FSAttachment} (uuid,
 * UserName, Password, FileName). The file itself is served by the simulator's FTP server at {@code /<uuid>/<fileName>}.
 *
 * @param uuid           the file's id on the storage
 * @param fileName       its name
 * @param mimeType       {@code RefAttachmentHeader/MimeType}
 * @param hash           {@code RefAttachmentHeader/Hash}: base64 of the GOST R 34.11-2012 (256 bit) digest of the file
 * @param signaturePkcs7 detached PKCS#7 signature of the file with the sender's key, or null (none sent)
 * @param userName       FTP user that may read this file (one per file, as SMEV hands them out)
 * @param password       its password
 * @param size           the file's size in bytes
 */
record FsAttachment(String uuid, String fileName, String mimeType, String hash, byte[] signaturePkcs7,
                    String userName, String password, long size) {

    FsAttachment {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(password, "password");
    }

    /** Where the file is on the FTP server. */
    String path() {
        return "/" + uuid + "/" + fileName;
    }
}
