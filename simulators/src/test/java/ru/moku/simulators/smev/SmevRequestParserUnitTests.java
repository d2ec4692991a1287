package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.moku.simulators.smev.SmevTestMessages.BASIC;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ru.moku.model.xml.SmevSchemas;

/** Reading SOAP requests: the three operations, and a Fault for anything else. */
class SmevRequestParserUnitTests {

    private static final String MESSAGE_ID = "0a1b2c3d-4e5f-11ef-8a9b-0123456789ab";

    private final SmevRequestParser parser = new SmevRequestParser(Optional.of(SmevSchemas.smevWithServiceData()));
    private final SmevRequestParser lenient = new SmevRequestParser(Optional.empty());

    @Test
    void readsTheSelectorTimestampOfGetResponseRequest() {
        SmevRequest request = parse(SmevTestMessages.getResponseRequest(Instant.parse("2025-03-01T10:00:00Z")));

        assertThat(request).isEqualTo(new SmevRequest.GetResponse(OffsetDateTime.parse("2025-03-01T10:00:00Z")));
    }

    @Test
    void readsATimestampWithoutOffsetAsMoscowTime() {
        String request = SmevTestMessages.getResponseRequest(Instant.EPOCH).replace("1970-01-01T00:00:00Z",
                "2025-03-01T13:00:00");

        assertThat(((SmevRequest.GetResponse) parse(request)).timestamp().toInstant())
                .isEqualTo(OffsetDateTime.of(2025, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC).toInstant());
    }

    @Test
    void readsAnAcknowledgement() {
        assertThat(parse(SmevTestMessages.ackRequest(MESSAGE_ID))).isEqualTo(new SmevRequest.Ack(MESSAGE_ID, true));
    }

    @Test
    void anAcknowledgementWithoutIdAttributeIsRefused() {
        String request = SmevTestMessages.ackRequest(MESSAGE_ID).replace(" Id=\"SIGNED_BY_CALLER\"", "");

        assertThatThrownBy(() -> lenient.parse(bytes(request))).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("Id attribute");
        assertThatThrownBy(() -> parse(request)).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("does not validate");
    }

    @Test
    void keepsThePrimaryContentOfASendRequestWithItsNamespace() {
        SmevRequest request = parse(SmevTestMessages.sendRequestRequest(MESSAGE_ID,
                "<s:SurveyLink xmlns:s=\"urn://moku/survey\"><s:Url>https://x/?a=1&amp;b=2</s:Url></s:SurveyLink>"));

        assertThat(request).isEqualTo(new SmevRequest.SendRequest(MESSAGE_ID,
                "<s:SurveyLink xmlns:s=\"urn://moku/survey\"><s:Url>https://x/?a=1&amp;b=2</s:Url></s:SurveyLink>",
                "{urn://moku/survey}SurveyLink", null));
    }

    @Test
    void readsTheFieldsOfASurveyNotification() {
        SmevRequest request = parse(SmevTestMessages.sendRequestRequest(MESSAGE_ID, SmevTestMessages.surveyNotification(
                "APP-7", "https://lkp.example/s/abc?x=1&amp;y=2")));

        assertThat(((SmevRequest.SendRequest) request).notification()).isEqualTo(new SurveyNotification("APP-7",
                "10000012345", "orig-1", "https://lkp.example/s/abc?x=1&y=2", "2030-01-01T00:00:00Z"));
    }

    @Test
    void malformedXmlIsAFault() {
        assertThatThrownBy(() -> parse("<soap:Envelope")).isInstanceOf(SmevFaultException.class)
                .hasMessageStartingWith("malformed XML");
    }

    @Test
    void aDoctypeIsRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";

        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(SmevFaultException.class)
                .hasMessageStartingWith("malformed XML");
    }

    @Test
    void anEmptyBodyIsAFault() {
        assertThatThrownBy(() -> parser.parse(new byte[0])).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("empty request");
        assertThatThrownBy(() -> parser.parse(null)).isInstanceOf(SmevFaultException.class);
    }

    @Test
    void aDocumentThatIsNoEnvelopeIsAFault() {
        assertThatThrownBy(() -> parse("<GetResponseRequest/>")).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("not a SOAP 1.1 envelope");
    }

    @Test
    void anOperationTheSimulatorDoesNotImplementIsAFault() {
        String getRequest = envelope("<ns2:GetRequestRequest xmlns:ns2=\"%s\" xmlns:ns1=\"%s\"/>".formatted(TYPES, BASIC));

        assertThatThrownBy(() -> parse(getRequest)).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("unsupported operation {" + TYPES + "}GetRequestRequest");
        assertThatThrownBy(() -> parse(envelope("<foo xmlns=\"urn:bar\"/>"))).isInstanceOf(SmevFaultException.class)
                .hasMessageContaining("unsupported operation {urn:bar}foo");
    }

    @Test
    void aFaultBecomesASoapFaultEnvelope() {
        SmevFaultException fault = SmevFaultException.client("no such message", "TargetMessageIsNotFound");

        assertThat(fault.toEnvelope()).contains("<faultcode>soap:Client</faultcode>")
                .contains("<faultstring>no such message</faultstring>")
                .contains("TargetMessageIsNotFound");
        assertThat(fault.getStackTrace()).isEmpty();
    }

    private SmevRequest parse(String xml) {
        return parser.parse(bytes(xml));
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
