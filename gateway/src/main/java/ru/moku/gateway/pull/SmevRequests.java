package ru.moku.gateway.pull;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import ru.moku.model.xml.Namespaces;

/**
 * The SOAP 1.1 requests of the pull loop, per the SMEV message exchange 1.3 schemas:
 * {@code GetResponseRequest} with a {@code MessageTypeSelector} for our service data, and
 * {@code AckRequest} for a stored message.
 */
public final class SmevRequests {

    /** {@code Id} of the element a signature covers (SMEV's convention). */
    public static final String SIGNED_ELEMENT_ID = "SIGNED_BY_CALLER";

    private final String namespaceUri;
    private final String rootElementLocalName;
    private final String nodeId;
    private final Clock clock;

    public SmevRequests(String namespaceUri, String rootElementLocalName, String nodeId, Clock clock) {
        this.namespaceUri = Objects.requireNonNull(namespaceUri, "namespaceUri");
        this.rootElementLocalName = Objects.requireNonNull(rootElementLocalName, "rootElementLocalName");
        this.nodeId = nodeId == null || nodeId.isBlank() ? null : nodeId;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * "Give me the next message of my response queue of this type". {@code Timestamp} is now: SMEV
     * refuses a selector more than 30 minutes off its clock.
     */
    public String getResponseRequest() {
        String timestamp = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        String node = nodeId == null ? "" : "\n                <ns1:NodeID>" + escape(nodeId) + "</ns1:NodeID>";
        return envelope("""
                <ns2:GetResponseRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns1:MessageTypeSelector Id="%s">
                    <ns1:NamespaceURI>%s</ns1:NamespaceURI>
                    <ns1:RootElementLocalName>%s</ns1:RootElementLocalName>
                    <ns1:Timestamp>%s</ns1:Timestamp>%s
                  </ns1:MessageTypeSelector>
                </ns2:GetResponseRequest>""".formatted(Namespaces.SMEV_TYPES, Namespaces.SMEV_BASIC,
                SIGNED_ELEMENT_ID, escape(namespaceUri), escape(rootElementLocalName), timestamp, node));
    }

    /** "I have taken message {@code messageId}" ({@code accepted="true"}: it was stored). */
    public String ackRequest(String messageId) {
        return envelope("""
                <ns2:AckRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns1:AckTargetMessage Id="%s" accepted="true">%s</ns1:AckTargetMessage>
                </ns2:AckRequest>""".formatted(Namespaces.SMEV_TYPES, Namespaces.SMEV_BASIC,
                SIGNED_ELEMENT_ID, escape(messageId)));
    }

    private static String envelope(String operation) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soap:Envelope xmlns:soap="%s">
                <soap:Body>
                %s
                </soap:Body>
                </soap:Envelope>
                """.formatted(Namespaces.SOAP_ENVELOPE, operation);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
