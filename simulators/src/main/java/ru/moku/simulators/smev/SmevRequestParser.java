package ru.moku.simulators.smev;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Reads a SOAP 1.1 request into an {@link SmevRequest}; anything that is not one of the implemented
 * SMEV operations becomes an {@link SmevFaultException}. Parsing is {@link SecureXml}'s (no DTD, no
 * external entities).
 */
final class SmevRequestParser {

    /** SMEV's clock is Moscow time (UTC+3 all year since 2014); a timestamp without offset is read in it. */
    private static final ZoneOffset SMEV_ZONE = ZoneOffset.ofHours(3);

    private static final String SOAP = Namespaces.SOAP_ENVELOPE;
    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;

    private static final Set<String> OPERATIONS = Set.of("GetResponseRequest", "AckRequest", "SendRequestRequest");

    private final Optional<Schema> schema;
    private final CallerVerification callerVerification;

    /** @param schema the SMEV schemas to validate the operation element against, or empty not to validate */
    SmevRequestParser(Optional<Schema> schema) {
        this(schema, CallerVerification.NONE);
    }

    /**
     * @param schema             the SMEV schemas to validate the operation element against, or empty not to validate
     * @param callerVerification checks the operation's CallerInformationSystemSignature before it is read
     */
    SmevRequestParser(Optional<Schema> schema, CallerVerification callerVerification) {
        this.schema = schema;
        this.callerVerification = callerVerification;
    }

    SmevRequest parse(byte[] body) {
        Element operation = operationOf(parseXml(body));
        if (!TYPES.equals(operation.getNamespaceURI()) || !OPERATIONS.contains(operation.getLocalName())) {
            throw unsupported(operation);
        }
        schema.ifPresent(s -> validate(operation, s));
        callerVerification.verify(operation);
        return switch (operation.getLocalName()) {
            case "GetResponseRequest" -> getResponse(operation);
            case "AckRequest" -> ack(operation);
            default -> sendRequest(operation);
        };
    }

    private static SmevRequest.GetResponse getResponse(Element operation) {
        String timestamp = Dom.child(operation, BASIC, "MessageTypeSelector")
                .flatMap(selector -> Dom.child(selector, BASIC, "Timestamp"))
                .map(Dom::text)
                .orElseThrow(() -> SmevFaultException.client(
                        "GetResponseRequest has no MessageTypeSelector/Timestamp"));
        return new SmevRequest.GetResponse(dateTime(timestamp));
    }

    private static SmevRequest.Ack ack(Element operation) {
        Element target = Dom.child(operation, BASIC, "AckTargetMessage")
                .orElseThrow(() -> SmevFaultException.client("AckRequest has no AckTargetMessage"));
        if (target.getAttribute("Id").isBlank()) {
            throw SmevFaultException.client("AckTargetMessage has no Id attribute (it is required)");
        }
        String messageId = Dom.text(target);
        if (messageId.isEmpty()) {
            throw SmevFaultException.client("AckTargetMessage is empty: it must hold the MessageId to acknowledge");
        }
        String accepted = target.getAttribute("accepted").trim();
        return new SmevRequest.Ack(messageId, !("false".equals(accepted) || "0".equals(accepted)));
    }

    private static SmevRequest.SendRequest sendRequest(Element operation) {
        Element data = Dom.child(operation, TYPES, "SenderProvidedRequestData")
                .orElseThrow(() -> SmevFaultException.client("SendRequestRequest has no SenderProvidedRequestData"));
        String messageId = Dom.child(data, TYPES, "MessageID").map(Dom::text)
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> SmevFaultException.client("SenderProvidedRequestData has no MessageID"));
        Element content = Dom.child(data, BASIC, "MessagePrimaryContent").flatMap(Dom::firstChildElement)
                .orElseThrow(() -> SmevFaultException.client(
                        "SenderProvidedRequestData has no document in MessagePrimaryContent"));
        return new SmevRequest.SendRequest(messageId, Stax.fragment(writer -> Stax.copy(content, writer)),
                Dom.qualifiedName(content), SurveyNotification.of(content).orElse(null));
    }

    private static Document parseXml(byte[] body) {
        if (body == null || body.length == 0) {
            throw SmevFaultException.client("empty request: a SOAP 1.1 envelope was expected");
        }
        try {
            return SecureXml.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw SmevFaultException.client("malformed XML: " + e.getMessage());
        }
    }

    private static Element operationOf(Document document) {
        Element envelope = document.getDocumentElement();
        if (!Dom.is(envelope, SOAP, "Envelope")) {
            throw SmevFaultException.client("not a SOAP 1.1 envelope: the root element is " + Dom.qualifiedName(envelope)
                    + ", expected {" + SOAP + "}Envelope");
        }
        return Dom.child(envelope, SOAP, "Body")
                .flatMap(Dom::firstChildElement)
                .orElseThrow(() -> SmevFaultException.client("the SOAP envelope has no Body or an empty one"));
    }

    private static void validate(Element operation, Schema schema) {
        try {
            SecureXml.validator(schema).validate(new DOMSource(operation));
        } catch (SAXException e) {
            throw SmevFaultException.client(operation.getLocalName() + " does not validate against the SMEV 1.3 schemas: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("cannot validate an in-memory document", e);
        }
    }

    private static OffsetDateTime dateTime(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atOffset(SMEV_ZONE);
            } catch (DateTimeParseException e) {
                throw SmevFaultException.client("MessageTypeSelector/Timestamp is not an xs:dateTime: " + text);
            }
        }
    }

    private static SmevFaultException unsupported(Element operation) {
        return SmevFaultException.client("unsupported operation " + Dom.qualifiedName(operation)
                + ": the simulator implements GetResponseRequest, AckRequest and SendRequestRequest of {"
                + TYPES + "}");
    }
}
