package ru.moku.gateway.pull;

import java.io.IOException;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Reads SMEV's SOAP answers to GetResponse, Ack and SendRequest: the expected body element, or a
 * {@link SmevCallException} (Fault, HTTP error, not SOAP). CPU work: call it off the event loops.
 */
public final class SmevReplies {

    private SmevReplies() {
    }

    /** The answer to GetResponse: the envelope when it holds a message, empty when the queue is empty. */
    static Optional<String> getResponse(int httpStatus, String body) {
        Element answer = bodyElement(httpStatus, body, "GetResponseResponse");
        return firstChildElement(answer).isPresent() ? Optional.of(body) : Optional.empty();
    }

    /** Checks the answer to Ack. */
    static void ack(int httpStatus, String body) {
        bodyElement(httpStatus, body, "AckResponse");
    }

    /**
     * Checks the answer to SendRequest (the request was accepted) and returns SMEV's
     * {@code MessageMetadata/SendingTimestamp}, if it gave one.
     */
    public static Optional<OffsetDateTime> sendRequest(int httpStatus, String body) {
        Element answer = bodyElement(httpStatus, body, "SendRequestResponse");
        return child(answer, Namespaces.SMEV_TYPES, "MessageMetadata")
                .flatMap(metadata -> child(metadata, Namespaces.SMEV_TYPES, "SendingTimestamp"))
                .map(Element::getTextContent)
                .map(String::strip)
                .flatMap(SmevReplies::dateTime);
    }

    private static Optional<OffsetDateTime> dateTime(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Element bodyElement(int httpStatus, String body, String expected) {
        Element envelope;
        // A UTF-8 byte order mark survives decoding as U+FEFF, which the parser calls content before the prolog.
        String xml = body.startsWith("\uFEFF") ? body.substring(1) : body;
        try {
            envelope = SecureXml.documentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new SmevCallException("HTTP " + httpStatus + " with a body that is not XML: " + e.getMessage());
        }
        Element payload = child(envelope, Namespaces.SOAP_ENVELOPE, "Body")
                .flatMap(SmevReplies::firstChildElement)
                .orElseThrow(() -> new SmevCallException("HTTP " + httpStatus + " without a SOAP 1.1 Body element"));
        if (is(payload, Namespaces.SOAP_ENVELOPE, "Fault")) {
            throw fault(payload, httpStatus);
        }
        if (httpStatus / 100 != 2) {
            throw new SmevCallException("HTTP " + httpStatus + " from SMEV");
        }
        if (!is(payload, Namespaces.SMEV_TYPES, expected)) {
            throw new SmevCallException("expected " + expected + ", SMEV answered {" + payload.getNamespaceURI() + "}"
                    + payload.getLocalName());
        }
        return payload;
    }

    private static SmevCallException.Fault fault(Element fault, int httpStatus) {
        // SOAP 1.1 §4.4: the fault's children are unqualified.
        String code = child(fault, null, "faultcode").map(Element::getTextContent).map(String::strip).orElse("?");
        String text = child(fault, null, "faultstring").map(Element::getTextContent).map(String::strip).orElse("");
        String detail = child(fault, null, "detail").flatMap(SmevReplies::firstChildElement)
                .map(Element::getLocalName).orElse(null);
        return new SmevCallException.Fault(code, text, detail, httpStatus);
    }

    private static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && is(element, namespace, localName)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<Element> firstChildElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static boolean is(Element element, String namespace, String localName) {
        String elementNamespace = element.getNamespaceURI();
        boolean sameNamespace = namespace == null ? elementNamespace == null || elementNamespace.isEmpty()
                : namespace.equals(elementNamespace);
        return sameNamespace && localName.equals(element.getLocalName());
    }
}
