package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.transform.dom.DOMSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;

/** SOAP requests as a gateway would send them, and helpers to read the simulator's answers. */
final class SmevTestMessages {

    static final String TYPES = Namespaces.SMEV_TYPES;
    static final String BASIC = Namespaces.SMEV_BASIC;
    static final String SOAP = Namespaces.SOAP_ENVELOPE;

    private SmevTestMessages() {
    }

    static String getResponseRequest(Instant timestamp) {
        return envelope("""
                <ns2:GetResponseRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns1:MessageTypeSelector Id="SIGNED_BY_CALLER">
                    <ns1:Timestamp>%s</ns1:Timestamp>
                  </ns1:MessageTypeSelector>
                </ns2:GetResponseRequest>""".formatted(TYPES, BASIC, timestamp));
    }

    static String ackRequest(String messageId) {
        return envelope("""
                <ns2:AckRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns1:AckTargetMessage Id="SIGNED_BY_CALLER" accepted="true">%s</ns1:AckTargetMessage>
                </ns2:AckRequest>""".formatted(TYPES, BASIC, messageId));
    }

    static String sendRequestRequest(String messageId, String primaryContent) {
        return envelope("""
                <ns2:SendRequestRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns2:SenderProvidedRequestData Id="SIGNED_BY_CALLER">
                    <ns2:MessageID>%s</ns2:MessageID>
                    <ns1:MessagePrimaryContent>%s</ns1:MessagePrimaryContent>
                  </ns2:SenderProvidedRequestData>
                </ns2:SendRequestRequest>""".formatted(TYPES, BASIC, messageId, primaryContent));
    }

    /** A survey notification as the gateway sends it ({@code link} already escaped for XML). */
    static String surveyNotification(String applicationNumber, String link) {
        return """
                <sn:SurveyNotification xmlns:sn="%s"><sn:ApplicationNumber>%s</sn:ApplicationNumber>\
                <sn:ServiceCode>10000012345</sn:ServiceCode><sn:OriginalMessageId>orig-1</sn:OriginalMessageId>\
                <sn:SurveyLink>%s</sn:SurveyLink><sn:ExpiresAt>2030-01-01T00:00:00Z</sn:ExpiresAt>\
                </sn:SurveyNotification>""".formatted(SurveyNotification.NAMESPACE, applicationNumber, link);
    }

    static String envelope(String bodyElement) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soap:Envelope xmlns:soap="%s"><soap:Header/><soap:Body>%s</soap:Body></soap:Envelope>"""
                .formatted(SOAP, bodyElement);
    }

    static Document parse(String xml) {
        try {
            return SecureXml.parse(new StringReader(xml));
        } catch (SAXException | IOException e) {
            throw new AssertionError("not well-formed: " + xml, e);
        }
    }

    /** The first element of the SOAP Body. */
    static Element bodyElement(String envelope) {
        Element root = parse(envelope).getDocumentElement();
        return Dom.child(root, SOAP, "Body").flatMap(Dom::firstChildElement)
                .orElseThrow(() -> new AssertionError("no body element in " + envelope));
    }

    /** {@code MessageMetadata/MessageId} of a GetResponseResponse envelope, empty if the response is empty. */
    static Optional<String> deliveredMessageId(String envelope) {
        Element response = bodyElement(envelope);
        return Dom.child(response, TYPES, "ResponseMessage")
                .flatMap(message -> Dom.child(message, TYPES, "Response"))
                .flatMap(r -> Dom.child(r, TYPES, "MessageMetadata"))
                .flatMap(m -> Dom.child(m, TYPES, "MessageId"))
                .map(Dom::text);
    }

    /** Text of every {@code {namespace}localName} element in the document, in document order. */
    static List<String> texts(String xml, String namespace, String localName) {
        NodeList nodes = parse(xml).getElementsByTagNameNS(namespace, localName);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    /** Validates {@code element} on its own against SMEV 1.3 + service data; throws with the validator's message. */
    static void validate(Element element) {
        try {
            SecureXml.validator(SmevSchemas.smevWithServiceData()).validate(new DOMSource(element));
        } catch (SAXException | IOException e) {
            throw new AssertionError(element.getLocalName() + " does not validate: " + e.getMessage(), e);
        }
    }
}
