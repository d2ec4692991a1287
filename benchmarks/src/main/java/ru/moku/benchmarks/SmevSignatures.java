package ru.moku.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;
import ru.moku.smev.crypto.XmlSigner;

/**
 * The XML signatures of SMEV traffic, done the way each side does them, for the benchmark's own use: signing the
 * pushed envelopes as SMEV and the provider would ({@code SenderInformationSystemSignature} over
 * {@code SenderProvidedResponseData} with the sender's key, then {@code SMEVSignature} over {@code Response} with SMEV's
 * key), and — in the crypto-cost phase — verifying them as the gateway does, and signing and verifying a
 * {@code GetResponseRequest}'s {@code CallerInformationSystemSignature} as the gateway and SMEV do. Thread-safe.
 */
final class SmevSignatures {

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String SOAP = Namespaces.SOAP_ENVELOPE;
    static final String CALLER_CONTAINER = "CallerInformationSystemSignature";

    private final XmlSigner smev;
    private final XmlSigner sender;
    private final XmlSignatureVerifier gatewayVerifier;

    SmevSignatures(SigningKey smevKey, SigningKey senderKey, TrustedCertificates trustedByGateway) {
        this.smev = new XmlSigner(smevKey);
        this.sender = new XmlSigner(senderKey);
        this.gatewayVerifier = new XmlSignatureVerifier(trustedByGateway);
    }

    /** A {@code GetResponseResponse} envelope with its provider's and SMEV's signatures, as UTF-8 bytes. */
    byte[] signResponse(byte[] envelope) {
        Document document = parse(envelope);
        Element responseMessage = responseMessage(document);
        Element response = child(responseMessage, "Response");
        Element senderData = child(response, "SenderProvidedResponseData");
        // The schema puts each signature container last in its parent (no attachments here).
        sender.sign(document, senderData.getAttribute("Id"), append(response, "SenderInformationSystemSignature"));
        smev.sign(document, response.getAttribute("Id"), append(responseMessage, "SMEVSignature"));
        return serialise(document);
    }

    /**
     * Parses a signed {@code GetResponseResponse} and verifies both signatures as the gateway's intake does.
     *
     * @return null when both verify, otherwise the first problem
     */
    String verifyResponse(byte[] signedEnvelope) {
        Document document = parse(signedEnvelope);
        Element responseMessage = responseMessage(document);
        Element response = child(responseMessage, "Response");
        Element senderData = child(response, "SenderProvidedResponseData");
        if (gatewayVerifier.verify(child(responseMessage, "SMEVSignature"), response)
                instanceof Verification.Invalid invalid) {
            return "SMEVSignature: " + invalid.reason();
        }
        if (gatewayVerifier.verify(child(response, "SenderInformationSystemSignature"), senderData)
                instanceof Verification.Invalid invalid) {
            return "SenderInformationSystemSignature: " + invalid.reason();
        }
        return null;
    }

    /**
     * Parses a signed request ({@code GetResponseRequest}, {@code AckRequest}) and verifies its caller signature as
     * SMEV does, against {@code verifier} (trusting the caller's certificate).
     *
     * @return null when it verifies, otherwise the problem
     */
    static String verifyCaller(XmlSignatureVerifier verifier, String signedRequest, String signedElementId) {
        Document document = parse(signedRequest.getBytes(StandardCharsets.UTF_8));
        Element operation = firstElement(child(document.getDocumentElement(), SOAP, "Body"));
        Element signed = null;
        Element container = null;
        for (Node node = operation.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                if (signedElementId.equals(element.getAttribute("Id"))) {
                    signed = element;
                } else if (CALLER_CONTAINER.equals(element.getLocalName())) {
                    container = element;
                }
            }
        }
        if (signed == null) {
            return "no element with Id " + signedElementId;
        }
        return verifier.verify(container, signed) instanceof Verification.Invalid invalid ? invalid.reason() : null;
    }

    private static Element responseMessage(Document document) {
        Element body = child(document.getDocumentElement(), SOAP, "Body");
        return child(firstElement(body), TYPES, "ResponseMessage");
    }

    private static Element child(Element parent, String localName) {
        return child(parent, TYPES, localName);
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && namespace.equals(element.getNamespaceURI())) {
                return element;
            }
        }
        throw new IllegalArgumentException("no " + localName + " in " + parent.getLocalName());
    }

    private static Element firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        throw new IllegalArgumentException("empty " + parent.getLocalName());
    }

    private static Element append(Element parent, String localName) {
        Element container = parent.getOwnerDocument().createElementNS(TYPES, prefixOf(parent) + localName);
        parent.appendChild(container);
        return container;
    }

    private static String prefixOf(Element element) {
        return element.getPrefix() == null ? "" : element.getPrefix() + ":";
    }

    private static Document parse(byte[] xml) {
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static byte[] serialise(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException("a signed envelope cannot be serialised", e);
        }
    }
}
