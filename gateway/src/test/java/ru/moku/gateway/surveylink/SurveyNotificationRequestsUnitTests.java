package ru.moku.gateway.surveylink;

import java.util.List;
import reactor.core.scheduler.Schedulers;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.pull.XmlSmevSigner;
import ru.moku.smev.crypto.GostKeys;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;
import ru.moku.smev.crypto.XmlSignatureVerifier;
import ru.moku.smev.crypto.XmlSigner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.net.URL;
import java.time.Instant;
import java.util.UUID;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.partner.PartnerFailure;

class SurveyNotificationRequestsUnitTests {

    private static final SurveyLinkIssued LINK = new SurveyLinkIssued(UUID.randomUUID(), "orig-42", "APP-1",
            "10000012345", "https://lkp.example/s/x?token=a.b.c&lang=ru", Instant.parse("2030-01-02T03:04:05Z"));

    @Test
    void theSendRequestValidatesAgainstTheSmevSchemasWithTheNotificationSchema() throws Exception {
        String envelope = new SurveyNotificationRequests("node-1", true).sendRequest(UUID.randomUUID(), LINK);

        Element operation = bodyElement(envelope);

        assertThat(operation.getLocalName()).isEqualTo("SendRequestRequest");
        assertThatCode(() -> SecureXml.validator(smevWithNotification()).validate(new DOMSource(operation)))
                .doesNotThrowAnyException();
        Element notification = (Element) operation.getElementsByTagNameNS(SurveyNotificationRequests.NAMESPACE,
                "SurveyNotification").item(0);
        assertThat(text(notification, "SurveyLink")).isEqualTo(LINK.link());
        assertThat(text(notification, "ExpiresAt")).isEqualTo("2030-01-02T03:04:05Z");
        assertThat(text(notification, "OriginalMessageId")).isEqualTo("orig-42");
    }

    @Test
    void aSignedSendRequestStillValidatesAndItsCallerSignatureCoversSenderProvidedRequestData() throws Exception {
        SigningKey gateway = GostKeys.generate("МОКУ gateway");
        String envelope = new XmlSmevSigner(new XmlSigner(gateway), Schedulers.immediate()).signNow(
                new SurveyNotificationRequests("node-1", false).sendRequest(UUID.randomUUID(), LINK),
                SmevRequests.SIGNED_ELEMENT_ID);

        Element operation = bodyElement(envelope);

        assertThatCode(() -> SecureXml.validator(smevWithNotification()).validate(new DOMSource(operation)))
                .doesNotThrowAnyException();
        Element container = (Element) operation.getElementsByTagNameNS(Namespaces.SMEV_TYPES, XmlSmevSigner.CONTAINER)
                .item(0);
        Element signed = (Element) operation.getElementsByTagNameNS(Namespaces.SMEV_TYPES, "SenderProvidedRequestData")
                .item(0);
        assertThat(new XmlSignatureVerifier(TrustedCertificates.of(List.of(gateway.certificate())))
                .verify(container, signed)).isInstanceOf(Verification.Valid.class);
    }

    @Test
    void aLinkThatIsNotHttpDoesNotValidateAgainstTheNotificationSchema() {
        String notification = SurveyNotificationRequests.notification(new SurveyLinkIssued(UUID.randomUUID(), null,
                "APP-1", "10000012345", "javascript:alert(1)", Instant.now()));

        assertThatThrownBy(() -> SecureXml.validator(SurveyNotificationRequests.schema())
                .validate(new StreamSource(new StringReader(notification))))
                .hasMessageContaining("javascript:alert(1)");
    }

    @Test
    void anAcceptedSendRequestGivesSmevsSendingTime() {
        Instant sentAt = SmevSendClient.read(new SmevSendClient.Reply(200, soap("""
                <ns2:SendRequestResponse xmlns:ns2="%s"><ns2:MessageMetadata><ns2:MessageId>x</ns2:MessageId>
                <ns2:SendingTimestamp>2030-01-01T10:00:00.000+03:00</ns2:SendingTimestamp></ns2:MessageMetadata>
                </ns2:SendRequestResponse>""".formatted(Namespaces.SMEV_TYPES))));

        assertThat(sentAt).isEqualTo(Instant.parse("2030-01-01T07:00:00Z"));
    }

    @Test
    void aServerFaultIsTransientAndAClientFaultIsFinal() {
        assertThatThrownBy(() -> SmevSendClient.read(new SmevSendClient.Reply(500, fault("soap:Server", "SMEVFailure"))))
                .isInstanceOf(PartnerFailure.Unavailable.class)
                .satisfies(error -> assertThat(Failures.isTransient(error)).isTrue());
        assertThatThrownBy(() -> SmevSendClient.read(new SmevSendClient.Reply(500, fault("soap:Client", "InvalidContent"))))
                .isInstanceOf(PartnerFailure.Rejected.class)
                .satisfies(error -> assertThat(Failures.isTransient(error)).isFalse());
    }

    @Test
    void aPlain503IsTransient() {
        assertThatThrownBy(() -> SmevSendClient.read(new SmevSendClient.Reply(503, "Service Unavailable")))
                .isInstanceOf(PartnerFailure.Unavailable.class);
    }

    @Test
    void messageIsAlreadySentMeansAnEarlierAttemptGotThrough() {
        assertThat(SmevSendClient.read(new SmevSendClient.Reply(500, fault("soap:Client", "MessageIsAlreadySent"))))
                .isBeforeOrEqualTo(Instant.now());
    }

    private static Schema smevWithNotification() throws Exception {
        SchemaFactory factory = SecureXml.schemaFactory("file,jar:file,nested");
        ClassLoader loader = SurveyNotificationRequestsUnitTests.class.getClassLoader();
        URL smev = loader.getResource("xsd/smev/1.3/smev-message-exchange-types-1.3.xsd");
        URL notification = loader.getResource(SurveyNotificationRequests.SCHEMA);
        return factory.newSchema(new StreamSource[] {
                new StreamSource(smev.toExternalForm()), new StreamSource(notification.toExternalForm())});
    }

    private static Element bodyElement(String envelope) throws Exception {
        Document document = SecureXml.documentBuilder().parse(new InputSource(new StringReader(envelope)));
        Element body = (Element) document.getElementsByTagNameNS(Namespaces.SOAP_ENVELOPE, "Body").item(0);
        for (Node node = body.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        throw new AssertionError("empty Body");
    }

    private static String text(Element parent, String localName) {
        return parent.getElementsByTagNameNS(SurveyNotificationRequests.NAMESPACE, localName).item(0).getTextContent();
    }

    private static String soap(String body) {
        return "<soap:Envelope xmlns:soap=\"" + Namespaces.SOAP_ENVELOPE + "\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static String fault(String code, String detail) {
        return soap("<soap:Fault><faultcode>" + code + "</faultcode><faultstring>refused</faultstring><detail><f:"
                + detail + " xmlns:f=\"" + Namespaces.SMEV_FAULTS + "\"/></detail></soap:Fault>");
    }
}
