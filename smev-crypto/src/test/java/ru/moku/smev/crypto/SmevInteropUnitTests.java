package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static ru.moku.smev.crypto.SmevEnvelopes.TYPES;
import static ru.moku.smev.crypto.SmevEnvelopes.element;
import static ru.moku.smev.crypto.SmevEnvelopes.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** A signature SMEV itself made (its test environment, CryptoPro): ours must agree with it bit for bit. */
class SmevInteropUnitTests {

    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    /** When SMEV delivered the message: its certificate was valid then. */
    private static final Clock DELIVERY = Clock.fixed(Instant.parse("2021-12-27T14:16:05Z"), ZoneOffset.UTC);

    private static String fixture() throws IOException {
        try (InputStream in = SmevInteropUnitTests.class
                .getResourceAsStream("/interop/smev-test-environment-get-response-2021-12.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static X509Certificate signerCertificate(Document document) throws CertificateException {
        byte[] der = Base64.getMimeDecoder().decode(element(document, DSIG, "X509Certificate").getTextContent());
        SmevXmlSecurity.install();
        return (X509Certificate) CertificateFactory.getInstance("X.509", SmevXmlSecurity.provider())
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static Verification verify(Document document, Clock clock) throws CertificateException {
        TrustedCertificates trusted = TrustedCertificates.of(List.of(signerCertificate(document)), clock);
        return new XmlSignatureVerifier(trusted)
                .verify(element(document, TYPES, "SMEVSignature"), element(document, TYPES, "Response"));
    }

    @Test
    void smevsOwnSignatureVerifies() throws Exception {
        Document document = parse(fixture());

        Verification verification = verify(document, DELIVERY);

        assertThat(verification).isInstanceOf(Verification.Valid.class);
        // SMEV's test signing certificate "ТСМЭВ3" (RT Labs), serial 48:28:bd:00:89:ad:50:a8:44:88:0f:bc:0a:05:61:bb.
        assertThat(((Verification.Valid) verification).signer().getSerialNumber().toString(16))
                .isEqualTo("4828bd0089ad50a844880fbc0a0561bb");
    }

    @Test
    void smevsSignatureStillVerifiesAfterReIndentingAndOtherPrefixes() throws Exception {
        String rewritten = fixture().replace("st3:", "meta:").replace("xmlns:st3=", "xmlns:meta=")
                .replace("<ns2:To>", "\n      <ns2:To>").replace("</ns2:OriginalMessageId>", "</ns2:OriginalMessageId>\n");

        assertThat(verify(parse(rewritten), DELIVERY)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void aChangedAnswerInSmevsMessageIsADigestMismatch() throws Exception {
        Document document = parse(fixture().replace("<tns:status>VALID<", "<tns:status>INVALID<"));

        Verification verification = verify(document, DELIVERY);

        assertThat(verification).isInstanceOf(Verification.Invalid.class);
        assertThat(((Verification.Invalid) verification).reason()).startsWith("digest mismatch");
    }

    @Test
    void todaySmevsExpiredTestCertificateIsNoLongerTrusted() throws Exception {
        Verification verification = verify(parse(fixture()), Clock.systemUTC());

        assertThat(verification).isInstanceOf(Verification.Invalid.class);
        assertThat(((Verification.Invalid) verification).reason()).contains("is not valid now");
    }
}
