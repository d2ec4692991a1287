package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetachedSignaturesUnitTests {

    private static final SigningKey SENDER = GostKeys.generate("Sender test");
    private static final byte[] CONTENT = "attachment bytes, signed by the sender".getBytes(StandardCharsets.UTF_8);

    private final TrustedCertificates trusted = TrustedCertificates.of(List.of(SENDER.certificate()));

    @Test
    void aDetachedSignatureVerifiesAgainstTheDigestOfItsContent() {
        byte[] pkcs7 = DetachedSignatures.sign(SENDER, CONTENT);

        Verification verification = DetachedSignatures.verify(pkcs7, GostDigest.of(CONTENT), trusted);

        assertThat(verification).isEqualTo(new Verification.Valid(SENDER.certificate()));
    }

    @Test
    void theDigestComputedWhileStreamingEqualsTheOneOfTheWholeContent() {
        MessageDigest digest = GostDigest.newDigest();
        for (int i = 0; i < CONTENT.length; i += 7) {
            digest.update(CONTENT, i, Math.min(7, CONTENT.length - i));
        }

        assertThat(digest.digest()).isEqualTo(GostDigest.of(CONTENT)).hasSize(32);
    }

    @Test
    void otherContentIsADigestMismatch() {
        byte[] pkcs7 = DetachedSignatures.sign(SENDER, CONTENT);
        byte[] other = "attachment bytes, changed on the way".getBytes(StandardCharsets.UTF_8);

        assertThat(DetachedSignatures.verify(pkcs7, GostDigest.of(other), trusted))
                .isEqualTo(new Verification.Invalid("digest mismatch: the content is not what was signed"));
    }

    @Test
    void aSignatureByAnUntrustedSignerIsRefused() {
        byte[] pkcs7 = DetachedSignatures.sign(GostKeys.generate("Someone else"), CONTENT);

        Verification verification = DetachedSignatures.verify(pkcs7, GostDigest.of(CONTENT), trusted);

        assertThat(verification).isInstanceOf(Verification.Invalid.class);
        assertThat(((Verification.Invalid) verification).reason()).startsWith("untrusted certificate CN=Someone else");
    }

    @Test
    void bytesThatAreNoPkcs7AreAMalformedSignature() {
        Verification verification = DetachedSignatures.verify(new byte[] {1, 2, 3}, GostDigest.of(CONTENT), trusted);

        assertThat(verification).isInstanceOf(Verification.Invalid.class);
        assertThat(((Verification.Invalid) verification).reason()).startsWith("malformed PKCS#7 signature");
    }

    @Test
    void aSignerIssuedByATrustedAuthorityIsTrusted() {
        SigningKey authority = GostKeys.generate("Test CA");
        SigningKey issued = GostKeys.issue("Issued sender", authority);
        byte[] pkcs7 = DetachedSignatures.sign(issued, CONTENT);

        Verification verification = DetachedSignatures.verify(pkcs7, GostDigest.of(CONTENT),
                TrustedCertificates.of(List.of(authority.certificate())));

        assertThat(verification).isEqualTo(new Verification.Valid(issued.certificate()));
    }
}
