package ru.moku.simulators.smev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static ru.moku.simulators.smev.SmevTestMessages.BASIC;
import static ru.moku.simulators.smev.SmevTestMessages.TYPES;
import static ru.moku.simulators.smev.SmevTestMessages.bodyElement;
import static ru.moku.simulators.smev.SmevTestMessages.texts;
import static ru.moku.simulators.smev.SmevTestMessages.validate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.xml.Dom;
import ru.moku.model.xml.Namespaces;

/** Every document the simulator sends validates against the SMEV 1.3 + service-data schemas. */
class SmevSoapSchemaUnitTests {

    private static final Instant SENT = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Instant DELIVERED = Instant.parse("2025-03-01T09:16:00Z");
    private static final String MESSAGE_ID = "0a1b2c3d-4e5f-11ef-8a9b-0123456789ab";

    @Test
    void getResponseResponseWithSeveralGeneratedCardsIsValid() {
        List<ServiceDataXml.Card> cards = new ServiceDataGenerator(new SplittableRandom(7), LocalDate.of(2025, 3, 1))
                .cards(12, 0.5);

        Element response = bodyElement(ServiceDataXml.getResponseEnvelope(MESSAGE_ID,
                ServiceDataXml.serviceData(cards), SENT, DELIVERED));

        validate(response);
        assertThat(response.getLocalName()).isEqualTo("GetResponseResponse");
        String xml = ServiceDataXml.getResponseEnvelope(MESSAGE_ID, ServiceDataXml.serviceData(cards), SENT, DELIVERED);
        assertThat(texts(xml, Namespaces.SERVICE_DATA_1_0, "ServiceCard")).hasSize(12);
        assertThat(texts(xml, TYPES, "MessageId")).containsExactly(MESSAGE_ID);
        assertThat(texts(xml, TYPES, "MessageType")).containsExactly("RESPONSE");
        assertThat(texts(xml, TYPES, "SendingTimestamp")).containsExactly("2025-03-01T09:15:30.123Z");
        assertThat(texts(xml, TYPES, "DeliveryTimestamp")).containsExactly("2025-03-01T09:16:00Z");
    }

    @Test
    void textThatNeedsEscapingIsEscapedAndStillValid() {
        ServiceDataXml.Card card = new ServiceDataXml.Card("10000000367", "A&B<1>", LocalDate.of(2025, 1, 31),
                new ServiceCard.Organisation("ООО \"Рога & Копыта\" <Север>", "7707083893", "1027700132195", null,
                        "г. Москва, ул. 'Кавычек', д. 1"),
                ServiceCard.Founder.person("Иванова", "Анна", null, "500100732259", null));
        String xml = ServiceDataXml.getResponseEnvelope(MESSAGE_ID, ServiceDataXml.serviceData(List.of(card)));

        validate(bodyElement(xml));
        assertThat(texts(xml, Namespaces.SERVICE_DATA_1_0, "Name")).containsExactly("ООО \"Рога & Копыта\" <Север>");
        assertThat(texts(xml, Namespaces.SERVICE_DATA_1_0, "ApplicationNumber")).containsExactly("A&B<1>");
    }

    @Test
    void emptyGetResponseResponseIsValidAndHasNoChild() {
        Element response = bodyElement(SmevSoap.emptyGetResponse());

        validate(response);
        assertThat(Dom.firstChildElement(response)).isEmpty();
    }

    @Test
    void ackResponseIsValid() {
        Element response = bodyElement(SmevSoap.ackResponse());

        validate(response);
        assertThat(response.getLocalName()).isEqualTo("AckResponse");
    }

    @Test
    void sendRequestResponseIsValid() {
        String xml = SmevSoap.sendRequestResponse(MESSAGE_ID, SENT);

        validate(bodyElement(xml));
        assertThat(texts(xml, TYPES, "MessageType")).containsExactly("REQUEST");
        assertThat(texts(xml, TYPES, "MessageId")).containsExactly(MESSAGE_ID);
    }

    @Test
    void faultCarriesAValidSmevFaultInItsDetail() {
        Element fault = bodyElement(SmevSoap.fault(SmevSoap.CLIENT, "no such message", "TargetMessageIsNotFound"));

        assertThat(fault.getLocalName()).isEqualTo("Fault");
        Element detail = Dom.child(fault, "", "detail").orElseThrow();
        validate(Dom.firstChildElement(detail).orElseThrow());
        assertThat(Dom.child(fault, "", "faultstring").map(Dom::text)).hasValue("no such message");
    }

    @Test
    void anInvalidDocumentIsReallyRejectedByTheValidation() {
        // Guards the tests above: validation must not pass everything.
        String wrong = SmevSoap.sendRequestResponse("not-a-uuid", SENT);

        assertThatThrownBy(() -> validate(bodyElement(wrong))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not-a-uuid");
    }

    @Test
    void aCompleteResponseLoadedFromAFileIsDeliveredUnchanged() {
        String original = ServiceDataXml.getResponseEnvelope(MESSAGE_ID,
                ServiceDataXml.serviceData(new ServiceDataGenerator(new SplittableRandom(1), LocalDate.of(2025, 3, 1))
                        .cards(2, 0)), SENT, DELIVERED);
        Element loaded = bodyElement(original);

        String delivered = SmevSoap.envelopeAround(writer -> Stax.copy(loaded, writer));

        validate(bodyElement(delivered));
        assertThat(delivered).isEqualTo(original);
        assertThat(texts(delivered, BASIC, "MessagePrimaryContent")).hasSize(1);
    }
}
