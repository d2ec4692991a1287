package ru.moku.gateway.inboundauth;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.web.server.ServerWebExchange;

/**
 * Mode {@link InboundAuthMode#MTLS}: the client certificate of the request's TLS session must be one of the configured
 * adapter certificates (compared by their SHA-256 fingerprint) and valid today. The TLS handshake itself — whether a
 * client certificate is asked for ({@code server.ssl.client-auth: want|need}) and which issuers the server accepts
 * ({@code server.ssl.trust-store}) — is Spring Boot's {@code server.ssl.*}; this check decides who may push.
 * No TLS session or no certificate: 401. A certificate outside its validity dates: 401. A certificate the handshake
 * accepted but that is not an adapter's: 403.
 */
public final class MtlsAuthenticator implements PushAuthenticator {

    /** The scheme named in {@code WWW-Authenticate} of a 401. */
    public static final String SCHEME = "Mutual-TLS";

    private final Set<String> trustedFingerprints;
    private final Clock clock;

    public MtlsAuthenticator(Collection<X509Certificate> adapterCertificates, Clock clock) {
        if (adapterCertificates.isEmpty()) {
            throw new IllegalArgumentException("no adapter certificate to trust");
        }
        this.trustedFingerprints = adapterCertificates.stream().map(MtlsAuthenticator::fingerprint)
                .collect(Collectors.toUnmodifiableSet());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public AuthDecision authenticate(ServerWebExchange exchange) {
        SslInfo tls = exchange.getRequest().getSslInfo();
        if (tls == null) {
            return new AuthDecision.Unauthenticated("the push endpoint needs HTTPS with a client certificate");
        }
        X509Certificate[] chain = tls.getPeerCertificates();
        if (chain == null || chain.length == 0) {
            return new AuthDecision.Unauthenticated("no client certificate was presented");
        }
        X509Certificate client = chain[0];
        String subject = client.getSubjectX500Principal().getName();
        try {
            client.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return new AuthDecision.Unauthenticated("the client certificate " + subject + " is not valid now");
        }
        String fingerprint = fingerprint(client);
        if (!trustedFingerprints.contains(fingerprint)) {
            return new AuthDecision.Forbidden("the client certificate " + subject
                    + " is not one of the SMEV adapter's certificates");
        }
        return new AuthDecision.Allowed(new Caller("cert:" + fingerprint, "certificate " + subject),
                exchange.getRequest());
    }

    /** SHA-256 of the DER encoding, hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(HmacRequestSignature.sha256().digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }
}
