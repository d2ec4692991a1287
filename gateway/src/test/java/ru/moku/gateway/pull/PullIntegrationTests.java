package ru.moku.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.xml.transform.dom.DOMSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import ru.moku.gateway.support.FakeSmev;
import ru.moku.gateway.support.GatewayTestApp;
import ru.moku.gateway.support.SmevMessages;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;
import ru.moku.model.xml.SmevSchemas;
import static org.awaitility.Awaitility.await;

class PullIntegrationTests {

    private static FakeSmev smev;
    private static GatewayTestApp app;

    @BeforeAll
    static void start() {
        smev = new FakeSmev();
        app = GatewayTestApp.start(Map.of(
                "moku.gateway.pull.enabled", "true",
                "moku.gateway.pull.endpoint", smev.endpoint(),
                "moku.gateway.pull.concurrency", "2",
                "moku.gateway.pull.idle-backoff", "50ms",
                "moku.gateway.pull.max-idle-backoff", "200ms",
                "moku.gateway.pull.error-backoff", "100ms",
                "moku.gateway.pull.request-timeout", "3s"));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            smev.close();
        }
    }

    @Test
    void aPulledMessageIsStoredThenAcknowledgedAndItsCardPublished() {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SmevMessages.validEnvelope(messageId));

        awaitAcked(messageId, 1);
        String raw = "SELECT %s FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'";
        assertThat(app.db.queryForObject(raw.formatted("source"), String.class)).isEqualTo("PULL");
        assertThat(app.db.queryForObject(raw.formatted("status"), Integer.class)).isEqualTo(2);
        Instant storedAt = app.db.queryForObject(raw.formatted("received_at"), OffsetDateTime.class).toInstant();
        assertThat(smev.acksOf(messageId).get(0)).as("acknowledged after it was stored").isAfterOrEqualTo(storedAt);
        assertThat(app.awaitCard(e -> messageId.equals(e.data().smevMessageId())).data().organisation().inn())
                .isEqualTo(SmevMessages.ORG_INN);
    }

    @Test
    void aRedeliveredMessageIsAcknowledgedAgainButStoredOnce() {
        String messageId = SmevMessages.newMessageId();
        String envelope = SmevMessages.validEnvelope(messageId);

        smev.deliver(messageId, envelope);
        smev.deliver(messageId, envelope);

        awaitAcked(messageId, 2);
        await("both deliveries taken").atMost(Duration.ofSeconds(60)).until(() -> smev.queued() == 0);
        assertThat(app.db.count("SELECT count(*) FROM smev.raw_message WHERE smev_message_id = '" + messageId + "'"))
                .isEqualTo(1);
        assertThat(app.db.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id = '" + messageId + "'")).isEqualTo(1);
    }

    @Test
    void anInvalidPulledMessageIsStoredWithAnIncidentAndAcknowledged() {
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SmevMessages.envelope(messageId,
                SmevMessages.serviceData(SmevMessages.personCard("BAD-INN", "770708389"))));

        awaitAcked(messageId, 1);
        String rawId = app.db.queryForObject("SELECT id::text FROM smev.raw_message WHERE smev_message_id = '"
                + messageId + "' AND status = -1 AND problem_type = 'schema-violation'", String.class);
        assertThat(rawId).isNotNull();
        assertThat(app.db.count("SELECT count(*) FROM smev.incident WHERE kind = 'INVALID_SMEV_MESSAGE' AND subject = '"
                + rawId + "'")).isEqualTo(1);
    }

    @Test
    void soapFaultsPauseTheLoopsWithoutStoppingThem() {
        MeterRegistry meters = app.bean(MeterRegistry.class);
        double errorsBefore = errors(meters);
        smev.failNextGetResponses(3);
        String messageId = SmevMessages.newMessageId();

        smev.deliver(messageId, SmevMessages.validEnvelope(messageId));

        awaitAcked(messageId, 1);
        // The loop that got the last Fault may count it after another loop already took and acknowledged the message.
        await("three errors counted").atMost(Duration.ofSeconds(60))
                .until(() -> errors(meters) - errorsBefore >= 3);
    }

    @Test
    void theRequestsSentToSmevValidateAgainstItsSchemas() throws Exception {
        String messageId = SmevMessages.newMessageId();
        smev.deliver(messageId, SmevMessages.validEnvelope(messageId));
        awaitAcked(messageId, 1);

        for (String request : smev.requests().subList(0, Math.min(50, smev.requests().size()))) {
            Element body = (Element) SecureXml.documentBuilder().parse(new InputSource(new StringReader(request)))
                    .getElementsByTagNameNS(Namespaces.SOAP_ENVELOPE, "Body").item(0);
            Element operation = firstElement(body);
            assertThat(operation.getLocalName()).isIn("GetResponseRequest", "AckRequest");
            assertThatCode(() -> SecureXml.validator(SmevSchemas.smevWithServiceData()).validate(new DOMSource(operation)))
                    .doesNotThrowAnyException();
        }
        assertThat(smev.requests()).anySatisfy(request -> assertThat(request)
                .contains("<ns1:NamespaceURI>" + Namespaces.SERVICE_DATA_1_0 + "</ns1:NamespaceURI>")
                .contains("<ns1:RootElementLocalName>ServiceData</ns1:RootElementLocalName>"));
    }

    private static void awaitAcked(String messageId, int times) {
        await(messageId + " acknowledged " + times + " time(s)").atMost(Duration.ofSeconds(60)).until(() -> smev.acksOf(messageId).size() >= times);
    }

    private static Element firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        throw new AssertionError("no element in " + parent.getLocalName());
    }

    private static double errors(MeterRegistry meters) {
        return meters.find("moku.gateway.pull.errors").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
