package ru.moku.smev.crypto;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** The outcome of checking one signature: valid (and by whom) or invalid (and why, in words for an operator). */
public sealed interface Verification {

    /** @param signer the certificate that made the signature, trusted */
    record Valid(X509Certificate signer) implements Verification {
        public Valid {
            Objects.requireNonNull(signer, "signer");
        }

        /** The signer's subject, not the whole certificate (this ends up in logs). */
        @Override
        public String toString() {
            return "Valid[signer=" + signer.getSubjectX500Principal().getName() + "]";
        }
    }

    /** @param reason e.g. "digest mismatch: …", "untrusted certificate CN=…", "missing signature in …" */
    record Invalid(String reason) implements Verification {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
