package ru.moku.gateway.support;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.XmlSigner;

/**
 * Signs SMEV responses the way SMEV 3 delivers them (issue 10): the provider's
 * {@code SenderInformationSystemSignature} over {@code SenderProvidedResponseData} (last child of {@code Response}),
 * then SMEV's {@code SMEVSignature} over {@code Response} (last child of {@code ResponseMessage}), with keys made by
 * smev-crypto's {@link GostKeys} for this test run.
 */
public final class SignedMessages {

    /** SMEV's key and the provider's, both trusted by {@link #trustStore}. */
    public static final SigningKey SMEV = GostKeys.generate("SMEV 3 test");
    public static final SigningKey SENDER = GostKeys.generate("Provider IS test");
    /** A key nobody trusts. */
    public static final SigningKey STRANGER = GostKeys.generate("Stranger");

    private SignedMessages() {
    }

    /** {@code xml} (an envelope or a bare ResponseMessage) signed by SENDER and SMEV. */
    public static String signed(String xml) {
        return signed(xml, SENDER, SMEV);
    }

    /** {@code xml} signed by {@code sender} (provider) and {@code smev}; {@code null} leaves that signature out. */
    public static String signed(String xml, SigningKey sender, SigningKey smev) {
        return signed(xml, null, sender, smev);
    }

    /**
     * {@code xml} with a {@code PersonalSignature} by {@code personal} over the service data (given
     * {@code Id="PERSONAL"} for it), then signed by {@code sender} and {@code smev}.
     */
    public static String signed(String xml, SigningKey personal, SigningKey sender, SigningKey smev) {
        try {
            Document document = SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml)));
            Element responseMessage = (Element) document.getElementsByTagNameNS(SmevMessages.TYPES, "ResponseMessage")
                    .item(0);
            Element response = Dom.child(responseMessage, SmevMessages.TYPES, "Response").orElseThrow();
            Element data = Dom.child(response, SmevMessages.TYPES, "SenderProvidedResponseData").orElseThrow();
            if (personal != null) {
                Element content = Dom.child(data, SmevMessages.BASIC, "MessagePrimaryContent").orElseThrow();
                Element serviceData = Dom.firstChildElement(content).orElseThrow();
                serviceData.setAttribute("Id", "PERSONAL");
                String prefix = data.getPrefix();
                Element container = document.createElementNS(SmevMessages.TYPES,
                        prefix == null ? "PersonalSignature" : prefix + ":PersonalSignature");
                data.insertBefore(container, content.getNextSibling());
                new XmlSigner(personal).sign(document, "PERSONAL", container);
            }
            if (sender != null) {
                Element container = container(document, response, "SenderInformationSystemSignature");
                new XmlSigner(sender).sign(document, data.getAttribute("Id"), container);
            }
            if (smev != null) {
                Element container = container(document, responseMessage, "SMEVSignature");
                new XmlSigner(smev).sign(document, response.getAttribute("Id"), container);
            }
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign the test message: " + e.getMessage(), e);
        }
    }

    /** The signed message with the founder's last name changed after signing, as a forger would. */
    public static String tampered(String signed) {
        if (!signed.contains("Иванов")) {
            throw new IllegalArgumentException("nothing to tamper with: no Иванов in the message");
        }
        return signed.replace("Иванов", "Петров");
    }

    /** Deletes a directory of key stores a test made (flat: files only). */
    public static void deleteKeyDirectory(Path dir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(dir)) {
            for (Path file : files.toList()) {
                java.nio.file.Files.delete(file);
            }
        }
        java.nio.file.Files.delete(dir);
    }

    /** A PKCS#12 trust store in {@code dir} with the given certificates (password {@code changeit}). */
    public static Path trustStore(Path dir, X509Certificate... certificates) {
        Path file = dir.resolve("trust-" + System.nanoTime() + ".p12");
        GostKeys.writeTrustStore(file, GostKeys.LOCAL_PASSWORD, certificates);
        return file;
    }

    /** A container element in the types namespace with the parent's prefix, appended as its last child. */
    private static Element container(Document document, Element parent, String localName) {
        String prefix = parent.getPrefix();
        Element container = document.createElementNS(SmevMessages.TYPES,
                prefix == null ? localName : prefix + ":" + localName);
        parent.appendChild(container);
        return container;
    }
}
