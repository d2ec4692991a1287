package ru.moku.gateway.intake;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.validation.Schema;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;

/**
 * Reads an SMEV response and classifies it precisely (seed 000 steps 1–3: "parse securely,
 * check against the schema"). Accepted shapes:
 * <ul>
 *   <li>a SOAP envelope (1.1, or 1.2 for {@code application/soap+xml}) whose Body holds
 *       {@code GetResponseResponse} with a {@code ResponseMessage} — what SMEV answers to
 *       GetResponse;</li>
 *   <li>a bare {@code ResponseMessage} document — what an SMEV adapter may forward.</li>
 * </ul>
 * The checks, in order: not empty and no DOCTYPE; well-formed (secure parser: no DTD, no external
 * entities); known root; a message in the response; {@code tns:Response} valid against SMEV 1.3
 * with the service data; {@code MessagePrimaryContent} present and its root a supported
 * service-data version.
 *
 * <p>Pure CPU work, thread-safe (each thread keeps its own parsers); call it off the event loops (a large document
 * takes milliseconds). The text is parsed once: the DOM and the schema check come from the same SAX pass.
 */
public final class SmevResponseReader {

    /** SOAP 1.2, accepted besides SOAP 1.1 because push allows {@code application/soap+xml}. */
    static final String SOAP_1_2 = "http://www.w3.org/2003/05/soap-envelope";

    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;
    private static final Set<String> SOAP_ENVELOPES = Set.of(Namespaces.SOAP_ENVELOPE, SOAP_1_2);
    /** SMEV's {@code basic:UUID}: only such an id is a de-duplication key or an Ack target. */
    private static final Pattern SMEV_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final ResponseSchemaCheck schemaCheck;

    public SmevResponseReader(Schema smevWithServiceData) {
        this.schemaCheck = new ResponseSchemaCheck(smevWithServiceData);
    }

    public SmevReading read(String text) {
        // A UTF-8 byte order mark decoded as text (a pulled body, an MTOM root) is U+FEFF before the prolog; the
        // parser would call that content before the root element. The stored body keeps it.
        String xml = text != null && text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (xml == null || xml.isBlank()) {
            return invalid(ProblemType.MALFORMED_XML, "the body is empty: an XML document was expected", null);
        }
        Optional<String> doctype = Prolog.doctypePosition(xml);
        if (doctype.isPresent()) {
            return invalid(ProblemType.DTD_NOT_ALLOWED, doctype.get()
                    + ": DOCTYPE declaration found; DTDs and entity declarations are not allowed", null);
        }
        ResponseSchemaCheck.Pass pass;
        try {
            pass = schemaCheck.read(xml);
        } catch (SAXParseException e) {
            return invalid(ProblemType.MALFORMED_XML, ResponseSchemaCheck.located(e), null);
        } catch (SAXException | IOException e) {
            return invalid(ProblemType.MALFORMED_XML, String.valueOf(e.getMessage()), null);
        }
        Document document = pass.document();
        Element responseMessage;
        try {
            responseMessage = responseMessage(document.getDocumentElement());
        } catch (Rejection rejection) {
            return new SmevReading.Invalid(rejection.problem, messageIdAnywhere(document));
        }
        Element response = Dom.firstChildElement(responseMessage).orElse(null);
        if (!Dom.is(response, TYPES, "Response")) {
            return invalid(ProblemType.SCHEMA_VIOLATION, "ResponseMessage must begin with {" + TYPES
                    + "}Response, found " + (response == null ? "nothing" : Dom.qualifiedName(response)),
                    messageIdAnywhere(document));
        }
        String messageId = messageId(response).orElse(null);
        if (pass.violation() != null) {
            return invalid(ProblemType.SCHEMA_VIOLATION, pass.violation(), messageId);
        }
        if (messageId == null) {
            // Valid against the schema but not a UUID SMEV would use: nothing to de-duplicate or acknowledge by.
            return invalid(ProblemType.SCHEMA_VIOLATION,
                    "Response has neither MessageMetadata/MessageId nor SenderProvidedResponseData/MessageID", null);
        }
        Optional<SmevReading.Answer> answer = answer(response, responseMessage, messageId);
        if (answer.isPresent()) {
            return answer.get();
        }
        try {
            return new SmevReading.Valid(messageId, responseMessage, serviceData(response));
        } catch (Rejection rejection) {
            return new SmevReading.Invalid(rejection.problem, messageId);
        }
    }

    private static Element responseMessage(Element root) throws Rejection {
        if (Dom.is(root, TYPES, "ResponseMessage")) {
            return root;
        }
        if (!SOAP_ENVELOPES.contains(root.getNamespaceURI()) || !"Envelope".equals(root.getLocalName())) {
            throw new Rejection(ProblemType.WRONG_NAMESPACE, "root element " + Dom.qualifiedName(root)
                    + " is neither a SOAP Envelope nor {" + TYPES + "}ResponseMessage");
        }
        Element body = Dom.child(root, root.getNamespaceURI(), "Body").orElseThrow(() ->
                new Rejection(ProblemType.WRONG_NAMESPACE, "the SOAP Envelope has no Body"));
        Element payload = Dom.firstChildElement(body).orElseThrow(() -> new Rejection(ProblemType.WRONG_NAMESPACE,
                "the SOAP Body is empty: expected {" + TYPES + "}GetResponseResponse"));
        if (!Dom.is(payload, TYPES, "GetResponseResponse")) {
            throw new Rejection(ProblemType.WRONG_NAMESPACE, "the SOAP Body holds " + Dom.qualifiedName(payload)
                    + ", expected {" + TYPES + "}GetResponseResponse");
        }
        List<Element> children = Dom.children(payload);
        if (children.isEmpty()) {
            throw new Rejection(ProblemType.EMPTY_RESPONSE,
                    "GetResponseResponse holds no ResponseMessage: SMEV's queue was empty, there is nothing to take");
        }
        Element first = children.get(0);
        if (!Dom.is(first, TYPES, "ResponseMessage") || children.size() > 1) {
            throw new Rejection(ProblemType.SCHEMA_VIOLATION, "GetResponseResponse may hold exactly one {" + TYPES
                    + "}ResponseMessage, found " + children.stream().map(Dom::qualifiedName).toList());
        }
        return first;
    }

    /**
     * An answer without service data: {@code SenderProvidedResponseData} holds {@code RequestRejected} (one or more),
     * {@code RequestStatus} or {@code AsyncProcessingStatus} instead of {@code MessagePrimaryContent} (the schema's
     * choice; the schema check ran before, so each holds its required children).
     */
    private static Optional<SmevReading.Answer> answer(Element response, Element responseMessage, String messageId) {
        Element data = Dom.child(response, TYPES, "SenderProvidedResponseData").orElse(null);
        if (data == null) {
            return Optional.empty();
        }
        String answered = Dom.childText(response, TYPES, "OriginalMessageId").map(String::strip).orElse(null);
        List<Element> rejections = Dom.children(data).stream().filter(e -> Dom.is(e, TYPES, "RequestRejected"))
                .toList();
        if (!rejections.isEmpty()) {
            String code = text(rejections.get(0), "RejectionReasonCode");
            String description = String.join("; ", rejections.stream()
                    .map(rejection -> rejections.size() == 1 ? text(rejection, "RejectionReasonDescription")
                            : text(rejection, "RejectionReasonCode") + ": "
                                    + text(rejection, "RejectionReasonDescription"))
                    .toList());
            return Optional.of(new SmevReading.Answer(messageId, responseMessage, AnswerKind.REQUEST_REJECTED,
                    answered, code, description));
        }
        Optional<Element> status = Dom.child(data, TYPES, "RequestStatus");
        if (status.isPresent()) {
            return Optional.of(new SmevReading.Answer(messageId, responseMessage, AnswerKind.REQUEST_STATUS, answered,
                    text(status.get(), "StatusCode"), text(status.get(), "StatusDescription")));
        }
        return Dom.child(data, TYPES, "AsyncProcessingStatus").map(async -> new SmevReading.Answer(messageId,
                responseMessage, AnswerKind.ASYNC_PROCESSING_STATUS,
                Optional.ofNullable(text(async, "OriginalMessageId")).orElse(answered),
                text(async, "StatusCategory"), text(async, "StatusDetails")));
    }

    private static String text(Element parent, String localName) {
        return Dom.childText(parent, TYPES, localName).map(String::strip).orElse(null);
    }

    private static Element serviceData(Element response) throws Rejection {
        Element content = Dom.child(response, TYPES, "SenderProvidedResponseData")
                .flatMap(data -> Dom.child(data, BASIC, "MessagePrimaryContent"))
                .orElseThrow(() -> new Rejection(ProblemType.NO_SERVICE_DATA,
                        "SenderProvidedResponseData has no MessagePrimaryContent (a rejection or a status"
                                + " response): there are no service cards to take"));
        Element root = Dom.firstChildElement(content).orElseThrow(() -> new Rejection(ProblemType.SCHEMA_VIOLATION,
                "MessagePrimaryContent is empty"));
        if (!Namespaces.SUPPORTED_SERVICE_DATA.contains(root.getNamespaceURI())) {
            throw new Rejection(ProblemType.WRONG_NAMESPACE, "MessagePrimaryContent holds " + Dom.qualifiedName(root)
                    + ": not a supported service-data namespace (supported: "
                    + String.join(", ", Namespaces.SUPPORTED_SERVICE_DATA.stream().sorted().toList()) + ")");
        }
        if (!Namespaces.SERVICE_DATA_ROOT.equals(root.getLocalName())) {
            throw new Rejection(ProblemType.WRONG_NAMESPACE, "MessagePrimaryContent holds " + Dom.qualifiedName(root)
                    + ": unknown root element, expected " + Namespaces.SERVICE_DATA_ROOT);
        }
        return root;
    }

    /** {@code MessageMetadata/MessageId}, falling back to {@code SenderProvidedResponseData/MessageID}. */
    private static Optional<String> messageId(Element response) {
        return Dom.child(response, TYPES, "MessageMetadata")
                .flatMap(metadata -> Dom.childText(metadata, TYPES, "MessageId"))
                .filter(id -> SMEV_UUID.matcher(id).matches())
                .or(() -> Dom.child(response, TYPES, "SenderProvidedResponseData")
                        .flatMap(data -> Dom.childText(data, TYPES, "MessageID"))
                        .filter(id -> SMEV_UUID.matcher(id).matches()));
    }

    /** Best effort for a document whose structure is wrong: the first Response anywhere. */
    private static String messageIdAnywhere(Document document) {
        NodeList responses = document.getElementsByTagNameNS(TYPES, "Response");
        return responses.getLength() == 0 ? null : messageId((Element) responses.item(0)).orElse(null);
    }

    private static SmevReading.Invalid invalid(ProblemType type, String detail, String messageId) {
        return new SmevReading.Invalid(new IntakeProblem(type, detail), messageId);
    }

    /** A classification reached in a nested step; never escapes {@link #read}. */
    private static final class Rejection extends Exception {

        private final IntakeProblem problem;

        Rejection(ProblemType type, String detail) {
            super(detail, null, false, false);
            this.problem = new IntakeProblem(type, detail);
        }
    }
}
