package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.party.FounderKind;
import ru.moku.model.xml.Namespaces;
import ru.moku.model.xml.SecureXml;

/**
 * Renders service data ("данные услуги") documents of {@code xsd/service-data/1.0/service-data.xsd}
 * and the SOAP envelopes SMEV delivers them in. Plain static methods with no Spring and no client,
 * for tests of other modules that need such documents (e.g. to {@code POST} one to the gateway's push
 * endpoint or to queue one in the simulator).
 */
public final class ServiceDataXml {

    private static final String SD = Namespaces.SERVICE_DATA_1_0;
    private static final MessageIds MESSAGE_IDS = new MessageIds(Clock.systemUTC(), new Random());

    private ServiceDataXml() {
    }

    /**
     * One card of a {@code ServiceData} document.
     *
     * @param serviceCode       code of the government service ({@code [0-9A-Za-z._-]{1,50}})
     * @param applicationNumber the applicant's application number (1..50 characters)
     * @param applicationDate   date of the application
     * @param organisation      the organisation; {@code kpp} and {@code address} may be null
     * @param founder           the founder, a legal entity or a person
     */
    public record Card(String serviceCode, String applicationNumber, LocalDate applicationDate,
                       ServiceCard.Organisation organisation, ServiceCard.Founder founder) {

        public Card {
            Objects.requireNonNull(serviceCode, "serviceCode");
            Objects.requireNonNull(applicationNumber, "applicationNumber");
            Objects.requireNonNull(applicationDate, "applicationDate");
            Objects.requireNonNull(organisation, "organisation");
            Objects.requireNonNull(founder, "founder");
        }

        /** The card part of a {@link ServiceCard} (its ids and position are the gateway's, not the document's). */
        public static Card of(ServiceCard card) {
            return new Card(card.serviceCode(), card.applicationNumber(), card.applicationDate(),
                    card.organisation(), card.founder());
        }
    }

    /** A complete {@code ServiceData} document (UTF-8, with XML declaration) holding {@code cards} in order. */
    public static String serviceData(List<Card> cards) {
        if (cards.isEmpty()) {
            throw new IllegalArgumentException("a ServiceData document holds at least one card");
        }
        return Stax.document(writer -> writeServiceData(cards, writer));
    }

    /**
     * A complete SOAP 1.1 envelope with a {@code GetResponseResponse} that delivers {@code serviceDataXml}
     * (any well-formed document; it is copied into {@code MessagePrimaryContent}) under
     * {@code MessageMetadata/MessageId = smevMessageId}, sent and delivered now.
     */
    public static String getResponseEnvelope(String smevMessageId, String serviceDataXml) {
        Instant now = Instant.now();
        return getResponseEnvelope(smevMessageId, serviceDataXml, now, now);
    }

    /** As {@link #getResponseEnvelope(String, String)}, with the given SMEV timestamps. */
    public static String getResponseEnvelope(String smevMessageId, String serviceDataXml,
                                             Instant sendingTimestamp, Instant deliveryTimestamp) {
        Element content = parse(serviceDataXml);
        SmevSoap.ResponseHeader header = new SmevSoap.ResponseHeader(smevMessageId, SmevSoap.DEFAULT_RESPONSE_TO,
                SmevSoap.DEFAULT_SENDER_MNEMONIC, SmevSoap.DEFAULT_SENDER_NAME, sendingTimestamp, deliveryTimestamp);
        return SmevSoap.getResponse(header, writer -> Stax.copy(content, writer));
    }

    /** A new SMEV-style message id (a version 1 UUID), for callers building their own envelopes. */
    public static String newMessageId() {
        return MESSAGE_IDS.next();
    }

    static void writeServiceData(List<Card> cards, XMLStreamWriter writer) throws XMLStreamException {
        writer.writeStartElement("", Namespaces.SERVICE_DATA_ROOT, SD);
        for (Card card : cards) {
            writeCard(card, writer);
        }
        writer.writeEndElement();
    }

    private static void writeCard(Card card, XMLStreamWriter writer) throws XMLStreamException {
        writer.writeStartElement("", "ServiceCard", SD);
        text(writer, "ServiceCode", card.serviceCode());
        text(writer, "ApplicationNumber", card.applicationNumber());
        text(writer, "ApplicationDate", card.applicationDate().toString());

        ServiceCard.Organisation organisation = card.organisation();
        writer.writeStartElement("", "Organisation", SD);
        text(writer, "Name", organisation.name());
        text(writer, "INN", organisation.inn());
        text(writer, "OGRN", organisation.ogrn());
        optionalText(writer, "KPP", organisation.kpp());
        optionalText(writer, "Address", organisation.address());
        writer.writeEndElement();

        writeFounder(card.founder(), writer);
        writer.writeEndElement();
    }

    private static void writeFounder(ServiceCard.Founder founder, XMLStreamWriter writer) throws XMLStreamException {
        writer.writeStartElement("", "Founder", SD);
        if (founder.kind() == FounderKind.LEGAL_ENTITY) {
            writer.writeStartElement("", "LegalEntity", SD);
            text(writer, "Name", founder.name());
            text(writer, "INN", founder.inn());
            text(writer, "OGRN", founder.ogrn());
        } else {
            writer.writeStartElement("", "Person", SD);
            text(writer, "LastName", founder.lastName());
            text(writer, "FirstName", founder.firstName());
            optionalText(writer, "MiddleName", founder.middleName());
            text(writer, "INN", founder.inn());
            optionalText(writer, "OGRNIP", founder.ogrn());
        }
        writer.writeEndElement();
        writer.writeEndElement();
    }

    private static void text(XMLStreamWriter writer, String localName, String value) throws XMLStreamException {
        Stax.element(writer, "", SD, localName, Objects.requireNonNull(value, localName));
    }

    private static void optionalText(XMLStreamWriter writer, String localName, String value)
            throws XMLStreamException {
        if (value != null && !value.isBlank()) {
            Stax.element(writer, "", SD, localName, value);
        }
    }

    private static Element parse(String xml) {
        try {
            return SecureXml.parse(new StringReader(xml)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not a well-formed XML document: " + e.getMessage(), e);
        }
    }
}
