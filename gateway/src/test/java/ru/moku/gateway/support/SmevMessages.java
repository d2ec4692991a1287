package ru.moku.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

/** SMEV response documents for tests, built from text templates. */
public final class SmevMessages {

    public static final String TYPES = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3";
    public static final String BASIC = "urn://x-artefacts-smev-gov-ru/services/message-exchange/types/basic/1.3";
    public static final String SERVICE_DATA = "urn://moku-platform/service-data/1.0";

    /** Identifiers that pass their check digits. */
    public static final String ORG_INN = "7707083893";
    public static final String ORG_OGRN = "1027700132195";
    public static final String ORG_KPP = "773601001";
    public static final String PERSON_INN = "500100732259";
    public static final String FOUNDER_ORG_INN = "7736050003";
    public static final String FOUNDER_ORG_OGRN = "1027700070518";

    private SmevMessages() {
    }

    /** A new SMEV message id (lowercase UUID, as SMEV's basic:UUID requires). */
    public static String newMessageId() {
        return UUID.randomUUID().toString();
    }

    /** The complete example of the repository's docs. */
    public static String docsExample() {
        try {
            return Files.readString(Path.of("..", "docs", "examples", "smev-response.xml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SOAP envelope with GetResponseResponse delivering one card whose founder is a person. */
    public static String validEnvelope(String messageId) {
        return envelope(messageId, serviceData(personCard("APP-1", ORG_INN)));
    }

    /** A SOAP 1.1 envelope with GetResponseResponse delivering {@code primaryContent}. */
    public static String envelope(String messageId, String primaryContent) {
        return soap("""
                <ns2:GetResponseResponse xmlns:ns2="%s" xmlns:ns1="%s">
                %s
                </ns2:GetResponseResponse>""".formatted(TYPES, BASIC, responseMessage(messageId, primaryContent, false)));
    }

    /** A bare ResponseMessage document. */
    public static String bareResponseMessage(String messageId, String primaryContent) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + responseMessage(messageId, primaryContent, true);
    }

    /** A SOAP envelope whose Body holds {@code body}. */
    public static String soap(String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                <soap:Body>
                %s
                </soap:Body>
                </soap:Envelope>
                """.formatted(body);
    }

    /** An empty GetResponseResponse: SMEV's queue is empty. */
    public static String emptyGetResponse() {
        return soap("<ns2:GetResponseResponse xmlns:ns2=\"" + TYPES + "\"/>");
    }

    /** A ResponseMessage (namespaces declared on it when {@code declareNamespaces}). */
    public static String responseMessage(String messageId, String primaryContent, boolean declareNamespaces) {
        String declarations = declareNamespaces ? " xmlns:ns2=\"" + TYPES + "\" xmlns:ns1=\"" + BASIC + "\"" : "";
        return """
                <ns2:ResponseMessage%s>
                  <ns2:Response Id="SIGNED_BY_SMEV">
                    <ns2:SenderProvidedResponseData Id="SIGNED_BY_PROVIDER">
                      <ns2:MessageID>%s</ns2:MessageID>
                      <ns2:To>moku-smev-exchange</ns2:To>
                      <ns1:MessagePrimaryContent>
                %s
                      </ns1:MessagePrimaryContent>
                    </ns2:SenderProvidedResponseData>
                    <ns2:MessageMetadata>
                      <ns2:MessageId>%s</ns2:MessageId>
                      <ns2:MessageType>RESPONSE</ns2:MessageType>
                      <ns2:SendingTimestamp>2024-11-05T10:15:30.000+03:00</ns2:SendingTimestamp>
                      <ns2:DeliveryTimestamp>2024-11-05T10:15:31.000+03:00</ns2:DeliveryTimestamp>
                    </ns2:MessageMetadata>
                  </ns2:Response>
                </ns2:ResponseMessage>""".formatted(declarations, messageId, primaryContent, messageId);
    }

    /**
     * A GetResponseResponse envelope whose SenderProvidedResponseData holds {@code answer} (a RequestRejected, a
     * RequestStatus or an AsyncProcessingStatus, prefix {@code ns2}) instead of MessagePrimaryContent.
     */
    public static String answerEnvelope(String messageId, String answer) {
        return envelope(messageId, "").replaceAll("(?s)<ns1:MessagePrimaryContent>.*</ns1:MessagePrimaryContent>",
                java.util.regex.Matcher.quoteReplacement(answer));
    }

    /** {@code RequestRejected} with one reason. */
    public static String requestRejected(String code, String description) {
        return "<ns2:RequestRejected><ns2:RejectionReasonCode>" + code + "</ns2:RejectionReasonCode>"
                + "<ns2:RejectionReasonDescription>" + description + "</ns2:RejectionReasonDescription>"
                + "</ns2:RequestRejected>";
    }

    /** {@code RequestStatus}: a business status, e.g. the business data rejected. */
    public static String requestStatus(int code, String description) {
        return "<ns2:RequestStatus><ns2:StatusCode>" + code + "</ns2:StatusCode>"
                + "<ns2:StatusParameter><ns2:Key>reason</ns2:Key><ns2:Value>BusinessDataRejected</ns2:Value>"
                + "</ns2:StatusParameter>"
                + "<ns2:StatusDescription>" + description + "</ns2:StatusDescription></ns2:RequestStatus>";
    }

    /** {@code AsyncProcessingStatus} about {@code originalMessageId}. */
    public static String asyncProcessingStatus(String originalMessageId, String category, String details) {
        return "<ns2:AsyncProcessingStatus><ns2:OriginalMessageId>" + originalMessageId + "</ns2:OriginalMessageId>"
                + "<ns2:StatusCategory>" + category + "</ns2:StatusCategory>"
                + "<ns2:StatusDetails>" + details + "</ns2:StatusDetails></ns2:AsyncProcessingStatus>";
    }

    /** A ServiceData document (service data 1.0) holding {@code cards}. */
    public static String serviceData(String... cards) {
        return "<ServiceData xmlns=\"" + SERVICE_DATA + "\">\n" + String.join("\n", Arrays.asList(cards))
                + "\n</ServiceData>";
    }

    /** A card whose founder is a person; {@code orgInn} as given (so tests can break it). */
    public static String personCard(String applicationNumber, String orgInn) {
        return card(applicationNumber, "2024-11-05", orgInn, """
                <Person>
                  <LastName>Иванов</LastName>
                  <FirstName>Иван</FirstName>
                  <MiddleName>Иванович</MiddleName>
                  <INN>%s</INN>
                </Person>""".formatted(PERSON_INN));
    }

    /** A card whose founder is a legal entity. */
    public static String legalEntityCard(String applicationNumber) {
        return card(applicationNumber, "2024-11-06", ORG_INN, """
                <LegalEntity>
                  <Name>АО «Учредитель»</Name>
                  <INN>%s</INN>
                  <OGRN>%s</OGRN>
                </LegalEntity>""".formatted(FOUNDER_ORG_INN, FOUNDER_ORG_OGRN));
    }

    /** A card with the application date as given (e.g. a year the platform cannot represent). */
    public static String cardWithDate(String applicationNumber, String applicationDate) {
        return card(applicationNumber, applicationDate, ORG_INN, """
                <Person>
                  <LastName>Петров</LastName>
                  <FirstName>Пётр</FirstName>
                  <INN>%s</INN>
                </Person>""".formatted(PERSON_INN));
    }

    private static String card(String applicationNumber, String applicationDate, String orgInn, String founder) {
        return """
                <ServiceCard>
                  <ServiceCode>10000012345</ServiceCode>
                  <ApplicationNumber>%s</ApplicationNumber>
                  <ApplicationDate>%s</ApplicationDate>
                  <Organisation>
                    <Name>ПАО Сбербанк</Name>
                    <INN>%s</INN>
                    <OGRN>%s</OGRN>
                    <KPP>%s</KPP>
                    <Address>117312, г. Москва, ул. Вавилова, д. 19</Address>
                  </Organisation>
                  <Founder>
                %s
                  </Founder>
                </ServiceCard>""".formatted(applicationNumber, applicationDate, orgInn, ORG_OGRN, ORG_KPP, founder);
    }

    /** XXE: a DOCTYPE with an external entity. */
    public static String withExternalEntity() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>&xxe;</soap:Body></soap:Envelope>
                """;
    }

    /** Billion laughs: nested entity expansion. */
    public static String billionLaughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            entities.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n" + entities + "]>\n<lolz>&lol9;</lolz>\n";
    }

    /** Not well-formed: an unclosed element. */
    public static String malformed() {
        return "<?xml version=\"1.0\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\n"
                + "<soap:Body><ns2:GetResponseResponse xmlns:ns2=\"" + TYPES + "\">\n</soap:Body>\n";
    }
}
