package ru.moku.smev.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** GOST R 34.11-2012 ("Стрибог"), 256-bit output: the digest of SMEV's references, attachments and FS file hashes. */
public final class GostDigest {

    private GostDigest() {
    }

    /** A fresh digest to feed while streaming; not thread-safe, one per stream. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(SmevXmlSecurity.JCA_DIGEST, SmevXmlSecurity.provider());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("BouncyCastle lacks " + SmevXmlSecurity.JCA_DIGEST, e);
        }
    }

    /** The 32-byte digest of {@code data}. */
    public static byte[] of(byte[] data) {
        return newDigest().digest(data);
    }
}
