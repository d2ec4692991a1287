package ru.moku.gateway.surveylink;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * The SOAP 1.1 {@code SendRequestRequest} (SMEV message exchange 1.3) that carries a survey notification to ЛК ЕПГУ:
 * {@code SenderProvidedRequestData} with our {@code MessageID} and, in {@code MessagePrimaryContent}, our own
 * {@code SurveyNotification} document ({@value #NAMESPACE}, shared-model's
 * {@code xsd/survey-notification/1.0/survey-notification.xsd}).
 */
final class SurveyNotificationRequests {

    /** Namespace of the survey notification, version 1.0. */
    static final String NAMESPACE = "urn://moku-platform/survey-notification/1.0";
    /** The notification's schema on the class path (shared-model). */
    static final String SCHEMA = "xsd/survey-notification/1.0/survey-notification.xsd";

    private final String nodeId;
    private final boolean testMessage;

    SurveyNotificationRequests(String nodeId, boolean testMessage) {
        this.nodeId = nodeId == null || nodeId.isBlank() ? null : nodeId;
        this.testMessage = testMessage;
    }

    /** The notification's schema, compiled: call at start-up, reading the XSD on a request thread would block. */
    static Schema schema() {
        // The XSD imports nothing: read from the stream, it needs no external access at all.
        SchemaFactory factory = SecureXml.schemaFactory("");
        try (InputStream xsd = Objects.requireNonNull(SurveyNotificationRequests.class.getClassLoader()
                .getResourceAsStream(SCHEMA), "missing " + SCHEMA)) {
            return factory.newSchema(new StreamSource(xsd, SCHEMA));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("the survey notification schema does not compile: " + e.getMessage(), e);
        }
    }

    /** The notification document alone. */
    static String notification(SurveyLinkIssued link) {
        String original = link.smevMessageId() == null || link.smevMessageId().isBlank() ? ""
                : "\n  <sn:OriginalMessageId>" + escape(link.smevMessageId()) + "</sn:OriginalMessageId>";
        return """
                <sn:SurveyNotification xmlns:sn="%s">
                  <sn:ApplicationNumber>%s</sn:ApplicationNumber>
                  <sn:ServiceCode>%s</sn:ServiceCode>%s
                  <sn:SurveyLink>%s</sn:SurveyLink>
                  <sn:ExpiresAt>%s</sn:ExpiresAt>
                </sn:SurveyNotification>""".formatted(NAMESPACE, escape(link.applicationNumber()),
                escape(link.serviceCode()), original, escape(link.link()), dateTime(link.expiresAt()));
    }

    /**
     * The envelope for {@code link}, sent under our {@code messageId}: the same id on every attempt, so SMEV refuses
     * a repeat of a request it already took ({@code MessageIsAlreadySent}) instead of queueing it twice.
     */
    String sendRequest(UUID messageId, SurveyLinkIssued link) {
        String node = nodeId == null ? "" : "\n    <ns2:NodeID>" + escape(nodeId) + "</ns2:NodeID>";
        String test = testMessage ? "\n    <ns2:TestMessage/>" : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soap:Envelope xmlns:soap="%s">
                <soap:Body>
                <ns2:SendRequestRequest xmlns:ns2="%s" xmlns:ns1="%s">
                  <ns2:SenderProvidedRequestData Id="%s">
                    <ns2:MessageID>%s</ns2:MessageID>%s
                    <ns1:MessagePrimaryContent>
                %s
                    </ns1:MessagePrimaryContent>%s
                  </ns2:SenderProvidedRequestData>
                </ns2:SendRequestRequest>
                </soap:Body>
                </soap:Envelope>
                """.formatted(Namespaces.SOAP_ENVELOPE, Namespaces.SMEV_TYPES, Namespaces.SMEV_BASIC,
                SmevRequests.SIGNED_ELEMENT_ID, messageId, node, notification(link), test);
    }

    private static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
