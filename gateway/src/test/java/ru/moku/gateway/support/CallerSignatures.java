package ru.moku.gateway.support;

import java.io.StringReader;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import ru.moku.gateway.pull.XmlSmevSigner;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;

/** What SMEV does with a request of ours: verifies its {@code CallerInformationSystemSignature}. */
public final class CallerSignatures {

    private CallerSignatures() {
    }

    /** Verifies the caller signature of {@code envelope} over its element {@code signedLocalName}, trusting {@code key}. */
    public static Verification verify(String envelope, String signedLocalName, SigningKey key) {
        Document document = parse(envelope);
        Element container = (Element) document.getElementsByTagNameNS(Namespaces.SMEV_TYPES, XmlSmevSigner.CONTAINER)
                .item(0);
        Element signed = (Element) document.getElementsByTagNameNS("*", signedLocalName).item(0);
        return new XmlSignatureVerifier(TrustedCertificates.of(List.of(key.certificate()))).verify(container, signed);
    }

    public static Document parse(String xml) {
        try {
            return SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException("not XML: " + e.getMessage(), e);
        }
    }
}
