package ru.moku.simulators.smev;

/** {@code RefAttachmentHeader/Hash}: base64 of the GOST R 34.11-2012 (256 bit) digest of a file. */
final class FileHashes {

    private FileHashes() {
    }

    static String gostBase64(byte[] content) {
        throw new UnsupportedOperationException("GOST digests come with smev-crypto");
    }
}
