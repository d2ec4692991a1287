package ru.moku.gateway.attachments;

import java.security.MessageDigest;
import java.util.Objects;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;

/**
 * SMEV's algorithms for attachments (smev-crypto): the GOST R 34.11-2012 256-bit digest, and detached PKCS#7
 * signatures (GOST R 34.10-2012) checked against the digest computed while the content streamed in, by signers among
 * the trusted certificates.
 */
public final class SmevAttachmentCrypto implements AttachmentCrypto {

    private final TrustedCertificates trusted;

    /** @param trusted who may sign attachments; {@code null} checks no signature */
    public SmevAttachmentCrypto(TrustedCertificates trusted) {
        this.trusted = trusted;
    }

    @Override
    public MessageDigest newDigest() {
        return GostDigest.newDigest();
    }

    @Override
    public boolean verifiesSignatures() {
        return trusted != null;
    }

    @Override
    public SignatureCheck check(byte[] pkcs7, byte[] contentDigest) {
        Objects.requireNonNull(trusted, "signature verification is off");
        Verification verification = DetachedSignatures.verify(pkcs7, contentDigest, trusted);
        if (verification instanceof Verification.Valid valid) {
            return new SignatureCheck.Valid(valid.signer().getSubjectX500Principal().getName());
        }
        return new SignatureCheck.Invalid(((Verification.Invalid) verification).reason());
    }
}
