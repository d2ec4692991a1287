package ru.moku.gateway.support;

import static ru.moku.gateway.support.SmevMessages.BASIC;
import static ru.moku.gateway.support.SmevMessages.TYPES;

/**
 * SMEV responses in the shapes real traffic has and our simulator never produced (issue 10), written from the
 * SMEV 3 1.3 schemas: other prefixes, default namespaces, a prefix bound to another namespace further down, one line,
 * {@code Z} timestamps. Each holds one valid card ({@link SmevMessages#personCard}).
 */
public final class SmevShapes {

    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    private SmevShapes() {
    }

    /** Prefixes as Java adapters write them: {@code SOAP-ENV}, {@code tns}, {@code bas}. */
    public static String foreignPrefixes(String messageId) {
        return """
                <SOAP-ENV:Envelope xmlns:SOAP-ENV="%s"><SOAP-ENV:Header/><SOAP-ENV:Body>
                <tns:GetResponseResponse xmlns:tns="%s"><tns:ResponseMessage>
                <tns:Response Id="SIGNED_BY_SMEV"><tns:SenderProvidedResponseData Id="SIGNED_BY_PROVIDER">
                <tns:MessageID>%s</tns:MessageID><tns:To>moku</tns:To>
                <bas:MessagePrimaryContent xmlns:bas="%s">%s</bas:MessagePrimaryContent>
                </tns:SenderProvidedResponseData>
                <tns:MessageMetadata><tns:MessageId>%s</tns:MessageId><tns:MessageType>RESPONSE</tns:MessageType>
                <tns:SendingTimestamp>2024-11-05T10:15:30.000+03:00</tns:SendingTimestamp></tns:MessageMetadata>
                </tns:Response></tns:ResponseMessage></tns:GetResponseResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>
                """.formatted(SOAP, TYPES, messageId, BASIC, card(), messageId);
    }

    /** No prefixes at all below the envelope: each namespace is the default one where it is used. */
    public static String defaultNamespaces(String messageId) {
        return """
                <Envelope xmlns="%s"><Body>
                <GetResponseResponse xmlns="%s"><ResponseMessage>
                <Response Id="SIGNED_BY_SMEV"><SenderProvidedResponseData Id="SIGNED_BY_PROVIDER">
                <MessageID>%s</MessageID><To>moku</To>
                <MessagePrimaryContent xmlns="%s">%s</MessagePrimaryContent>
                </SenderProvidedResponseData>
                <MessageMetadata><MessageId>%s</MessageId><MessageType>RESPONSE</MessageType>
                <SendingTimestamp>2024-11-05T10:15:30.000+03:00</SendingTimestamp></MessageMetadata>
                </Response></ResponseMessage></GetResponseResponse></Body></Envelope>
                """.formatted(SOAP, TYPES, messageId, BASIC, card(), messageId);
    }

    /** One prefix, {@code ns}, bound to the types namespace, re-bound to basic inside, and back again. */
    public static String redeclaredNamespaces(String messageId) {
        return """
                <soap:Envelope xmlns:soap="%s" xmlns:ns="%s"><soap:Body>
                <ns:GetResponseResponse><ns:ResponseMessage>
                <ns:Response Id="SIGNED_BY_SMEV"><ns:SenderProvidedResponseData Id="SIGNED_BY_PROVIDER">
                <ns:MessageID>%s</ns:MessageID><ns:To>moku</ns:To>
                <ns:MessagePrimaryContent xmlns:ns="%s">%s</ns:MessagePrimaryContent>
                </ns:SenderProvidedResponseData>
                <ns:MessageMetadata xmlns:ns="%s"><ns:MessageId>%s</ns:MessageId><ns:MessageType>RESPONSE</ns:MessageType>
                <ns:SendingTimestamp>2024-11-05T10:15:30.000+03:00</ns:SendingTimestamp></ns:MessageMetadata>
                </ns:Response></ns:ResponseMessage></ns:GetResponseResponse></soap:Body></soap:Envelope>
                """.formatted(SOAP, TYPES, messageId, BASIC, card(), TYPES, messageId);
    }

    /** The usual envelope on one line: no white space between elements at all. */
    public static String oneLine(String messageId) {
        return SmevMessages.validEnvelope(messageId).replaceAll(">\\s+<", "><").strip();
    }

    /** Timestamps in UTC with {@code Z}, as SMEV writes them. */
    public static String zTimestamps(String messageId) {
        return SmevMessages.validEnvelope(messageId)
                .replace("2024-11-05T10:15:30.000+03:00", "2024-11-05T07:15:30Z")
                .replace("2024-11-05T10:15:31.000+03:00", "2024-11-05T07:15:31.123Z");
    }

    private static String card() {
        return SmevMessages.serviceData(SmevMessages.personCard("SHAPE-1", SmevMessages.ORG_INN));
    }
}
