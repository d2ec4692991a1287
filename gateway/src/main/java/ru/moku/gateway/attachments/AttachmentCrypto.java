package ru.moku.gateway.attachments;

import java.security.MessageDigest;

/**
 * What the attachments need from cryptography: the digest computed while a content streams in (GOST R 34.11-2012,
 * 256 bits, in production) and the check of a detached PKCS#7 signature against that digest. Kept behind this
 * interface so the attachment pipeline is tested without keys, and so the algorithms are chosen in one place
 * ({@code config/AttachmentConfiguration}).
 */
public interface AttachmentCrypto {

    /** A fresh digest for one content (not thread-safe, used by one stream). */
    MessageDigest newDigest();

    /** Whether detached signatures are checked at all ({@code moku.gateway.attachments.verify-signatures}). */
    boolean verifiesSignatures();

    /**
     * Checks a detached PKCS#7 signature of a content whose digest is {@code contentDigest}; only called when
     * {@link #verifiesSignatures()}.
     */
    SignatureCheck check(byte[] pkcs7, byte[] contentDigest);

    /** The outcome of a signature check. */
    sealed interface SignatureCheck {

        /** @param signer the signer certificate's subject */
        record Valid(String signer) implements SignatureCheck {
        }

        /** @param reason why it does not verify ("digest mismatch", "untrusted certificate CN=…", …) */
        record Invalid(String reason) implements SignatureCheck {
        }
    }
}
