package ru.moku.smev.crypto;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The certificates a signature may come from: one of them itself, or one issued (and signed) by one of them. Both the
 * certificate and its trusted issuer must be valid at the time of the check. There is no revocation checking (CRL,
 * OCSP) and no longer chain: a deployment trusts SMEV's and its partners' certificates or their direct issuing CA.
 */
public final class TrustedCertificates {

    private final List<X509Certificate> certificates;
    private final Clock clock;

    private TrustedCertificates(List<X509Certificate> certificates, Clock clock) {
        this.certificates = certificates;
        this.clock = clock;
    }

    public static TrustedCertificates of(Collection<X509Certificate> certificates) {
        return of(certificates, Clock.systemUTC());
    }

    /** With the clock that says "now" for the validity dates (tests). */
    static TrustedCertificates of(Collection<X509Certificate> certificates, Clock clock) {
        return new TrustedCertificates(List.copyOf(certificates), Objects.requireNonNull(clock, "clock"));
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Equal to a trusted certificate, or issued (and verified) by one; validity dates checked. */
    public boolean trusts(X509Certificate certificate) {
        return problem(certificate) == null;
    }

    /** Why {@code certificate} is not trusted, or {@code null} if it is. */
    String problem(X509Certificate certificate) {
        if (certificate == null) {
            return "no certificate";
        }
        Date now = Date.from(clock.instant());
        String subject = certificate.getSubjectX500Principal().getName();
        if (!isValidAt(certificate, now)) {
            return "certificate " + subject + " is not valid now (valid " + certificate.getNotBefore() + " to "
                    + certificate.getNotAfter() + ")";
        }
        if (certificates.contains(certificate)) {
            return null;
        }
        for (X509Certificate issuer : certificates) {
            if (issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                    && isValidAt(issuer, now) && isSignedBy(certificate, issuer)) {
                return null;
            }
        }
        return "untrusted certificate " + subject + " (issued by " + certificate.getIssuerX500Principal().getName() + ")";
    }

    private static boolean isValidAt(X509Certificate certificate, Date now) {
        try {
            certificate.checkValidity(now);
            return true;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    private static boolean isSignedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey(), SmevXmlSecurity.provider());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "TrustedCertificates" + certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
    }
}
