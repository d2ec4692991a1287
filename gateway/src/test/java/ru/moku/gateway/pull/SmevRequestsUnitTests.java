package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.xml.transform.dom.DOMSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;

class SmevRequestsUnitTests {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-05T07:15:30.123456Z"), ZoneOffset.UTC);

    private final SmevRequests requests = new SmevRequests(Namespaces.SERVICE_DATA_1_0, "ServiceData", "", CLOCK);

    @Test
    void getResponseRequestValidatesAgainstTheSmevSchemas() throws Exception {
        Element operation = operation(requests.getResponseRequest(), "GetResponseRequest");

        assertThatCode(() -> SecureXml.validator(SmevSchemas.smevWithServiceData()).validate(new DOMSource(operation)))
                .doesNotThrowAnyException();
    }

    @Test
    void getResponseRequestSelectsOurServiceDataWithTheCurrentTimestamp() throws Exception {
        Element selector = (Element) operation(requests.getResponseRequest(), "GetResponseRequest")
                .getElementsByTagNameNS(Namespaces.SMEV_BASIC, "MessageTypeSelector").item(0);

        assertThat(selector.getAttribute("Id")).isEqualTo(SmevRequests.SIGNED_ELEMENT_ID);
        assertThat(text(selector, "NamespaceURI")).isEqualTo(Namespaces.SERVICE_DATA_1_0);
        assertThat(text(selector, "RootElementLocalName")).isEqualTo("ServiceData");
        assertThat(text(selector, "Timestamp")).isEqualTo("2024-11-05T07:15:30.123Z");
        assertThat(selector.getElementsByTagNameNS(Namespaces.SMEV_BASIC, "NodeID").getLength()).isZero();
    }

    @Test
    void aConfiguredNodeIdIsSentInTheSelector() throws Exception {
        SmevRequests withNode = new SmevRequests(Namespaces.SERVICE_DATA_1_0, "ServiceData", "node-1", CLOCK);

        Element operation = operation(withNode.getResponseRequest(), "GetResponseRequest");

        assertThat(text(operation, "NodeID")).isEqualTo("node-1");
        assertThatCode(() -> SecureXml.validator(SmevSchemas.smevWithServiceData()).validate(new DOMSource(operation)))
                .doesNotThrowAnyException();
    }

    @Test
    void ackRequestTargetsTheMessageIdAndValidates() throws Exception {
        String messageId = "7c1d0b52-9b1d-11ef-8c4a-0242ac120002";

        Element operation = operation(requests.ackRequest(messageId), "AckRequest");

        Element target = (Element) operation.getElementsByTagNameNS(Namespaces.SMEV_BASIC, "AckTargetMessage").item(0);
        assertThat(target.getTextContent()).isEqualTo(messageId);
        assertThat(target.getAttribute("Id")).isEqualTo(SmevRequests.SIGNED_ELEMENT_ID);
        assertThat(target.getAttribute("accepted")).isEqualTo("true");
        assertThatCode(() -> SecureXml.validator(SmevSchemas.smevWithServiceData()).validate(new DOMSource(operation)))
                .doesNotThrowAnyException();
    }

    private static Element operation(String envelope, String localName) throws Exception {
        Document document = SecureXml.documentBuilder().parse(new InputSource(new StringReader(envelope)));
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo(Namespaces.SOAP_ENVELOPE);
        Element operation = (Element) document.getElementsByTagNameNS(Namespaces.SMEV_TYPES, localName).item(0);
        assertThat(operation).isNotNull();
        return operation;
    }

    private static String text(Element parent, String localName) {
        return parent.getElementsByTagNameNS(Namespaces.SMEV_BASIC, localName).item(0).getTextContent();
    }
}
