package ru.moku.smev.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import ru.moku.model.xml.SecureXml;

/**
 * Signs an element of a SMEV message the way SMEV 3 expects: a {@code ds:Signature} placed in a container element
 * (e.g. {@code CallerInformationSystemSignature}) outside the signed element, with exclusive C14N for SignedInfo, one
 * reference {@code #Id} transformed by exclusive C14N and then {@link SmevTransform}, a GOST R 34.11-2012 (256) digest,
 * a GOST R 34.10-2012 (256) signature value and the signer's certificate in {@code KeyInfo/X509Data}.
 *
 * <p>Thread-safe: each call works on its own document. Signing is CPU work — call it on a bounded scheduler, not an
 * event loop.
 */
public final class XmlSigner {

    private static final List<String> SOAP_NAMESPACES = List.of(
            "http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope");

    private final SigningKey key;

    public XmlSigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
        SmevXmlSecurity.install();
    }

    public SigningKey key() {
        return key;
    }

    /** Signs the element of {@code document} whose attribute Id == signedElementId; appends ds:Signature into container. */
    public void sign(Document document, String signedElementId, Element container) {
        Objects.requireNonNull(container, "container");
        Element signed = uniqueElement(document, signedElementId);
        if (isInside(container, signed)) {
            // The signature would change what it signs: SMEV never nests it, and no enveloped transform is used.
            throw new IllegalArgumentException("the signature container " + SignedElements.describe(container)
                    + " lies inside the signed element " + SignedElements.describe(signed));
        }
        SignedElements.markId(signed);
        try {
            XMLSignature signature = new XMLSignature(document, "", SmevXmlSecurity.SIGNATURE_METHOD,
                    SmevXmlSecurity.CANONICALIZATION);
            container.appendChild(signature.getElement());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(SmevXmlSecurity.CANONICALIZATION);
            transforms.addTransform(SmevXmlSecurity.SMEV_TRANSFORM);
            signature.addDocument("#" + signedElementId, transforms, SmevXmlSecurity.DIGEST_METHOD);
            signature.addKeyInfo(key.certificate());
            // Santuario indents the Signature with line breaks; inside SignedInfo they are signed too, so an
            // intermediary that re-indents would break the signature. SMEV's signatures carry none.
            removeWhitespaceText(signature.getElement());
            signature.sign(key.privateKey());
        } catch (XMLSecurityException e) {
            throw new SmevCryptoException("signing " + SignedElements.describe(signed) + " with " + key + " failed", e);
        }
    }

    /**
     * Parses {@code soapXml}, finds the element with that Id, creates {@code <container>} as the last child of the
     * operation element (the first child of {@code soap:Body} that contains the signed element) — or reuses an empty
     * one already there — signs, and serialises the document again (UTF-8 text, without an XML declaration).
     */
    public String signEnvelope(String soapXml, String signedElementId, String containerNamespace,
            String containerLocalName) {
        Document document;
        try {
            document = SecureXml.documentBuilder().parse(new org.xml.sax.InputSource(new StringReader(soapXml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("the SOAP message to sign is not well-formed XML: " + e.getMessage(), e);
        }
        Element signed = uniqueElement(document, signedElementId);
        Element operation = operationElement(signed);
        Element container = container(operation, containerNamespace, containerLocalName);
        sign(document, signedElementId, container);
        return serialise(document);
    }

    private static Element uniqueElement(Document document, String id) {
        Objects.requireNonNull(id, "signedElementId");
        List<Element> found = SignedElements.withId(document, id);
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty()
                    ? "no element with Id \"" + id + "\" to sign"
                    : found.size() + " elements with Id \"" + id + "\": the reference would be ambiguous");
        }
        return found.get(0);
    }

    private static boolean isInside(Node node, Element ancestor) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static Element operationElement(Element signed) {
        for (Node n = signed; n != null; n = n.getParentNode()) {
            Node parent = n.getParentNode();
            if (n instanceof Element element && parent instanceof Element body
                    && "Body".equals(body.getLocalName()) && SOAP_NAMESPACES.contains(body.getNamespaceURI())) {
                if (element == signed) {
                    throw new IllegalArgumentException("the signed element " + SignedElements.describe(signed)
                            + " is the SOAP operation itself: there is no room for a signature container beside it");
                }
                return element;
            }
        }
        throw new IllegalArgumentException("the element with Id \"" + SignedElements.idOf(signed)
                + "\" is not inside a SOAP Body");
    }

    private static Element container(Element operation, String namespace, String localName) {
        Objects.requireNonNull(localName, "containerLocalName");
        String ns = namespace == null || namespace.isEmpty() ? null : namespace;
        for (Node child = operation.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element existing && localName.equals(existing.getLocalName())
                    && Objects.equals(ns, existing.getNamespaceURI()) && !hasElementChildren(existing)) {
                operation.removeChild(existing);
                operation.appendChild(existing);
                return existing;
            }
        }
        Document document = operation.getOwnerDocument();
        Element container;
        if (ns == null) {
            container = document.createElementNS(null, localName);
        } else {
            String prefix = operation.lookupPrefix(ns);
            if (prefix != null) {
                container = document.createElementNS(ns, prefix + ":" + localName);
            } else if (ns.equals(operation.lookupNamespaceURI(null))) {
                container = document.createElementNS(ns, localName);
            } else {
                // The namespace is not in scope: declare it on the container itself.
                container = document.createElementNS(ns, "sig:" + localName);
                container.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:sig", ns);
            }
        }
        operation.appendChild(container);
        return container;
    }

    private static void removeWhitespaceText(Node node) {
        Node child = node.getFirstChild();
        while (child != null) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getNodeValue().isBlank()) {
                node.removeChild(child);
            } else {
                removeWhitespaceText(child);
            }
            child = next;
        }
    }

    private static boolean hasElementChildren(Element element) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element) {
                return true;
            }
        }
        return false;
    }

    private static String serialise(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter out = new StringWriter();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new SmevCryptoException("the signed SOAP message cannot be serialised", e);
        }
    }
}
