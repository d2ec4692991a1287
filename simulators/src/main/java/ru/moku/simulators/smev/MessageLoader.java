package ru.moku.simulators.smev;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Turns an uploaded XML file into a queued message: a complete {@code GetResponseResponse} (bare or in a
 * SOAP envelope) is delivered exactly as it is; any other document (normally {@code ServiceData}) becomes
 * the primary content of a new message with a fresh MessageId.
 */
final class MessageLoader {

    private static final String SOAP = Namespaces.SOAP_ENVELOPE;
    private static final String TYPES = Namespaces.SMEV_TYPES;

    private final Schema schema;
    private final MessageIds messageIds;

    MessageLoader(Schema schema, MessageIds messageIds) {
        this.schema = schema;
        this.messageIds = messageIds;
    }

    /** A loaded file: the message to queue and what to tell the uploader. */
    record Loaded(SmevMessage message, LoadedMessage report) {
    }

    /** @throws IllegalArgumentException if {@code xml} is not well-formed or a response without MessageId */
    Loaded load(byte[] xml, Instant now) {
        Element root = parse(xml);
        Element response = Dom.is(root, SOAP, "Envelope")
                ? Dom.child(root, SOAP, "Body").flatMap(Dom::firstChildElement)
                        .filter(body -> Dom.is(body, TYPES, "GetResponseResponse"))
                        .orElseThrow(() -> new IllegalArgumentException(
                                "a SOAP envelope to queue must carry a GetResponseResponse in its Body"))
                : root;
        if (Dom.is(response, TYPES, "GetResponseResponse")) {
            String messageId = messageIdOf(response);
            String element = Stax.fragment(writer -> Stax.copy(response, writer));
            return loaded(new SmevMessage(messageId, now, new SmevMessage.CompleteResponse(element)), response,
                    "COMPLETE_RESPONSE");
        }
        String document = Stax.document(writer -> Stax.copy(root, writer));
        return loaded(new SmevMessage(messageIds.next(), now, new SmevMessage.PrimaryContent(document)), root,
                "PRIMARY_CONTENT");
    }

    private Loaded loaded(SmevMessage message, Element element, String kind) {
        String problem = schemaProblem(element);
        return new Loaded(message, new LoadedMessage(message.messageId(), kind, problem == null, problem));
    }

    private static String messageIdOf(Element getResponseResponse) {
        return Dom.child(getResponseResponse, TYPES, "ResponseMessage")
                .flatMap(message -> Dom.child(message, TYPES, "Response"))
                .flatMap(response -> Dom.child(response, TYPES, "MessageMetadata"))
                .flatMap(metadata -> Dom.child(metadata, TYPES, "MessageId"))
                .map(Dom::text)
                .filter(id -> !id.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("a GetResponseResponse to queue needs "
                        + "ResponseMessage/Response/MessageMetadata/MessageId: it is the id to acknowledge"));
    }

    private String schemaProblem(Element element) {
        try {
            SecureXml.validator(schema).validate(new DOMSource(element));
            return null;
        } catch (SAXException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new IllegalStateException("cannot validate an in-memory document", e);
        }
    }

    private static Element parse(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw new IllegalArgumentException("empty body: a ServiceData document or a GetResponseResponse was expected");
        }
        try {
            return SecureXml.parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
        }
    }
}
