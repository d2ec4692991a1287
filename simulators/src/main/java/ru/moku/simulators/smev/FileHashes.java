package ru.moku.simulators.smev;

import java.util.Base64;
import ru.moku.smev.crypto.GostDigest;

/** {@code RefAttachmentHeader/Hash}: base64 of the GOST R 34.11-2012 (256 bit) digest of a file. */
final class FileHashes {

    private FileHashes() {
    }

    static String gostBase64(byte[] content) {
        return Base64.getEncoder().encodeToString(GostDigest.of(content));
    }
}
