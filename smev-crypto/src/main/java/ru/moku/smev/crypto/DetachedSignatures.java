package ru.moku.smev.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.rosstandart.RosstandartObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * PKCS#7 (CMS SignedData) detached signatures with GOST R 34.10-2012 (256) over a GOST R 34.11-2012 (256) digest: the
 * {@code SignaturePKCS7} SMEV carries for each attachment. The signer's certificate travels inside the signature.
 */
public final class DetachedSignatures {

    /** The digest algorithm every signature here uses, and the key of the precomputed-digest map. */
    static final ASN1ObjectIdentifier DIGEST_ALGORITHM = RosstandartObjectIdentifiers.id_tc26_gost_3411_12_256;
    private static final String SIGNATURE_ALGORITHM = "GOST3411WITHECGOST3410-2012-256";

    private DetachedSignatures() {
    }

    /** The DER bytes of a detached CMS signature of {@code content}, with the signer's certificate. */
    public static byte[] sign(SigningKey key, byte[] content) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                    .setProvider(SmevXmlSecurity.provider()).build(key.privateKey());
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(SmevXmlSecurity.provider()).build())
                    .build(signer, key.certificate()));
            generator.addCertificate(new JcaX509CertificateHolder(key.certificate()));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded("DER");
        } catch (OperatorCreationException | GeneralSecurityException | CMSException | IOException e) {
            throw new SmevCryptoException("a PKCS#7 signature cannot be made with " + key, e);
        }
    }

    /**
     * With the GOST 34.11-2012-256 digest of the content computed while streaming it ({@link GostDigest#newDigest()}),
     * so the content itself never has to be in memory. Every signer in {@code pkcs7} must verify and be trusted.
     */
    public static Verification verify(byte[] pkcs7, byte[] contentDigest, TrustedCertificates trusted) {
        Objects.requireNonNull(contentDigest, "contentDigest");
        CMSSignedData signedData;
        try {
            signedData = new CMSSignedData(Map.of(DIGEST_ALGORITHM, contentDigest), pkcs7);
        } catch (CMSException | RuntimeException e) {
            return new Verification.Invalid("malformed PKCS#7 signature (" + e.getMessage() + ")");
        }
        Collection<SignerInformation> signers = signedData.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            return new Verification.Invalid("PKCS#7 signature without a signer");
        }
        Verification result = null;
        for (SignerInformation signer : signers) {
            result = verifySigner(signedData, signer, trusted);
            if (result instanceof Verification.Invalid) {
                return result;
            }
        }
        return result;
    }

    private static Verification verifySigner(CMSSignedData signedData, SignerInformation signer,
            TrustedCertificates trusted) {
        if (!DIGEST_ALGORITHM.equals(signer.getDigestAlgorithmID().getAlgorithm())) {
            return new Verification.Invalid("PKCS#7 signed with digest " + signer.getDigestAlgOID()
                    + ", expected GOST R 34.11-2012 (256) " + DIGEST_ALGORITHM);
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signedData.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            return new Verification.Invalid("PKCS#7 signature without its signer's certificate");
        }
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().setProvider(SmevXmlSecurity.provider())
                    .getCertificate(matches.iterator().next());
        } catch (GeneralSecurityException e) {
            return new Verification.Invalid("PKCS#7 signer certificate unreadable (" + e.getMessage() + ")");
        }
        String problem = trusted.problem(certificate);
        if (problem != null) {
            return new Verification.Invalid(problem);
        }
        try {
            boolean verified = signer.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(SmevXmlSecurity.provider()).build(certificate));
            return verified
                    ? new Verification.Valid(certificate)
                    : new Verification.Invalid("PKCS#7 signature value does not verify");
        } catch (CMSSignerDigestMismatchException e) {
            return new Verification.Invalid("digest mismatch: the content is not what was signed");
        } catch (CMSException | OperatorCreationException e) {
            return new Verification.Invalid("PKCS#7 signature does not verify (" + e.getMessage() + ")");
        }
    }
}
