package ru.moku.smev.crypto;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.apache.xml.security.utils.SignerOutputStream;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Verifies a SMEV 3 XML signature ({@link XmlSigner}'s shape) and says why one does not verify. Beyond the
 * cryptography it insists on the shape SMEV uses, so a signature cannot be moved onto other content: exactly one
 * reference, to {@code #Id} of the element the caller expects to be signed, that Id unique in the document, only
 * exclusive C14N and SMEV's transform, the GOST algorithms, the signer's certificate in KeyInfo and trusted.
 *
 * <p>Thread-safe. Verification is CPU work — call it on a bounded scheduler, not an event loop. It marks the expected
 * element's {@code Id} as an XML ID in its document (needed to resolve the reference); nothing else changes.
 */
public final class XmlSignatureVerifier {

    private static final Set<String> ALLOWED_TRANSFORMS =
            Set.of(SmevXmlSecurity.CANONICALIZATION, SmevXmlSecurity.SMEV_TRANSFORM);

    private final TrustedCertificates trusted;

    public XmlSignatureVerifier(TrustedCertificates trusted) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        SmevXmlSecurity.install();
    }

    /**
     * Verifies the ds:Signature found as a child of {@code container} (e.g. SMEVSignature); its Reference URI "#id"
     * resolves inside container's document. Checks the reference covers {@code expectedSigned} (the element it must
     * sign).
     */
    public Verification verify(Element container, Element expectedSigned) {
        Objects.requireNonNull(expectedSigned, "expectedSigned");
        if (container == null) {
            return invalid("missing signature: no signature container next to " + SignedElements.describe(expectedSigned));
        }
        List<Element> signatures = signatureChildren(container);
        if (signatures.isEmpty()) {
            return invalid("missing signature: no ds:Signature in " + SignedElements.describe(container));
        }
        if (signatures.size() > 1) {
            return invalid(signatures.size() + " ds:Signature elements in " + SignedElements.describe(container));
        }
        String id = SignedElements.idOf(expectedSigned);
        if (id == null || id.isEmpty()) {
            return invalid("the element that must be signed, " + SignedElements.describe(expectedSigned)
                    + ", has no Id");
        }
        int sameId = SignedElements.withId(expectedSigned.getOwnerDocument(), id).size();
        if (sameId != 1) {
            // Two elements with one Id: which one a resolver picks decides what "was signed" (signature wrapping).
            return invalid(sameId + " elements carry Id \"" + id + "\": the reference is ambiguous");
        }
        try {
            return verify(signatures.get(0), expectedSigned, id);
        } catch (XMLSecurityException | IOException | RuntimeException e) {
            return invalid("malformed signature: " + e.getMessage());
        }
    }

    private Verification verify(Element signatureElement, Element expectedSigned, String id)
            throws XMLSecurityException, IOException {
        SignedElements.markId(expectedSigned);
        // Secure validation: Santuario's own limits (reference count, transforms, no XSLT, no external URIs).
        XMLSignature signature = new XMLSignature(signatureElement, "", true);
        SignedInfo signedInfo = signature.getSignedInfo();
        if (!SmevXmlSecurity.SIGNATURE_METHOD.equals(signedInfo.getSignatureMethodURI())) {
            return invalid("unexpected signature method " + signedInfo.getSignatureMethodURI());
        }
        if (!SmevXmlSecurity.CANONICALIZATION.equals(signedInfo.getCanonicalizationMethodURI())) {
            return invalid("unexpected canonicalization method " + signedInfo.getCanonicalizationMethodURI());
        }
        if (signedInfo.getLength() != 1) {
            return invalid("expected exactly one reference, found " + signedInfo.getLength());
        }
        Reference reference = signedInfo.item(0);
        String expectedUri = "#" + id;
        if (!expectedUri.equals(reference.getURI())) {
            return invalid("the reference \"" + reference.getURI() + "\" does not cover the expected element "
                    + SignedElements.describe(expectedSigned));
        }
        String digestMethod = reference.getMessageDigestAlgorithm().getAlgorithmURI();
        if (!SmevXmlSecurity.DIGEST_METHOD.equals(digestMethod)) {
            return invalid("unexpected digest method " + digestMethod);
        }
        String transformProblem = transformProblem(reference);
        if (transformProblem != null) {
            return invalid(transformProblem);
        }
        X509Certificate certificate = certificate(signature);
        if (certificate == null) {
            return invalid("no X509Certificate in the signature's KeyInfo");
        }
        String trustProblem = trusted.problem(certificate);
        if (trustProblem != null) {
            return invalid(trustProblem);
        }
        // The signature value first: a changed SignedInfo (including its DigestValue) is reported as that.
        if (!signatureValueVerifies(signature, signedInfo, certificate)) {
            return invalid("signature value does not verify: SignedInfo changed or signed by another key");
        }
        if (!reference.verify()) {
            return invalid("digest mismatch: " + SignedElements.describe(expectedSigned) + " changed after signing");
        }
        return new Verification.Valid(certificate);
    }

    private static boolean signatureValueVerifies(XMLSignature signature, SignedInfo signedInfo,
            X509Certificate certificate) throws XMLSecurityException, IOException {
        SignatureAlgorithm algorithm = signedInfo.getSignatureAlgorithm();
        algorithm.initVerify(certificate.getPublicKey());
        try (SignerOutputStream out = new SignerOutputStream(algorithm)) {
            signedInfo.signInOctetStream(out);
        }
        return algorithm.verify(signature.getSignatureValue());
    }

    private static String transformProblem(Reference reference) throws XMLSecurityException {
        Transforms transforms = reference.getTransforms();
        if (transforms == null) {
            return "the reference has no transforms (expected exclusive C14N and SMEV's transform)";
        }
        for (int i = 0; i < transforms.getLength(); i++) {
            String uri = transforms.item(i).getURI();
            if (!ALLOWED_TRANSFORMS.contains(uri)) {
                return "unexpected transform " + uri;
            }
        }
        return null;
    }

    private static X509Certificate certificate(XMLSignature signature) throws XMLSecurityException {
        KeyInfo keyInfo = signature.getKeyInfo();
        return keyInfo == null ? null : keyInfo.getX509Certificate();
    }

    private static List<Element> signatureChildren(Element container) {
        List<Element> found = new ArrayList<>(1);
        for (Node child = container.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && Constants.SignatureSpecNS.equals(element.getNamespaceURI())
                    && Constants._TAG_SIGNATURE.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static Verification invalid(String reason) {
        return new Verification.Invalid(reason);
    }
}
