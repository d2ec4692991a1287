package ru.moku.smev.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A GOST R 34.10-2012 private key with its certificate: what signs an XML element or a PKCS#7 detached signature.
 *
 * @param privateKey  the signing key (GOST R 34.10-2012, 256 bits)
 * @param certificate its certificate, carried in every signature made with it
 */
public record SigningKey(PrivateKey privateKey, X509Certificate certificate) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** Names the certificate only: a key never ends up in a log line. */
    @Override
    public String toString() {
        return "SigningKey[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
