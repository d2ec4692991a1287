package ru.moku.simulators.smev;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import ru.moku.model.xml.Namespaces;

/**
 * The SOAP 1.1 envelopes the simulator answers with: the bodies of SMEV 3 message exchange 1.3
 * ({@code GetResponseResponse}, {@code AckResponse}, {@code SendRequestResponse}) and SOAP Faults.
 * Each body element validates against the SMEV 1.3 schemas on its own.
 *
 * <p>SMEV's signatures ({@code SMEVSignature}) are optional in the schema and left out: signing is the
 * crypto provider's job and out of scope for the simulator.
 */
final class SmevSoap {

    static final String DEFAULT_RESPONSE_TO = "moku-smev-exchange";
    static final String DEFAULT_SENDER_MNEMONIC = "GIS_SIMULATOR";
    static final String DEFAULT_SENDER_NAME = "ГИС — поставщик данных услуг (симулятор)";

    /** SOAP 1.1 fault codes (qualified by the envelope's prefix). */
    static final String CLIENT = "soap:Client";
    static final String SERVER = "soap:Server";

    private static final String SOAP = Namespaces.SOAP_ENVELOPE;
    private static final String TYPES = Namespaces.SMEV_TYPES;
    private static final String BASIC = Namespaces.SMEV_BASIC;
    private static final String FAULTS = Namespaces.SMEV_FAULTS;

    private SmevSoap() {
    }

    /**
     * What SMEV fills in around a delivered response.
     *
     * @param messageId         {@code MessageMetadata/MessageId}, also used as the provider's {@code MessageID}
     * @param to                {@code SenderProvidedResponseData/To}
     * @param senderMnemonic    {@code MessageMetadata/Sender/Mnemonic}
     * @param senderName        {@code MessageMetadata/Sender/HumanReadableName}
     * @param sendingTimestamp  when the provider sent the response to SMEV
     * @param deliveryTimestamp when SMEV delivers it (this delivery)
     */
    record ResponseHeader(String messageId, String to, String senderMnemonic, String senderName,
                          Instant sendingTimestamp, Instant deliveryTimestamp) {
    }

    /** {@code GetResponseResponse/ResponseMessage} with {@code primaryContent} inside {@code MessagePrimaryContent}. */
    static String getResponse(ResponseHeader header, Stax.Content primaryContent) {
        return envelope(writer -> {
            writer.writeStartElement("ns2", "GetResponseResponse", TYPES);
            writer.writeStartElement("ns2", "ResponseMessage", TYPES);
            writer.writeStartElement("ns2", "Response", TYPES);
            writer.writeAttribute("Id", "SIGNED_BY_SMEV");
            writeSenderProvidedResponseData(header, primaryContent, writer);
            writeResponseMetadata(header, writer);
            writer.writeEndElement();
            writer.writeEndElement();
            writer.writeEndElement();
        });
    }

    /** {@code GetResponseResponse} without a child: the queue holds nothing deliverable. */
    static String emptyGetResponse() {
        return envelope(writer -> {
            writer.writeStartElement("ns2", "GetResponseResponse", TYPES);
            writer.writeEndElement();
        });
    }

    /** An envelope around an already complete body element (a {@code GetResponseResponse} loaded as is). */
    static String envelopeAround(Stax.Content bodyElement) {
        return envelope(bodyElement);
    }

    /** {@code AckResponse}: the acknowledgement was accepted. */
    static String ackResponse() {
        return envelope(writer -> {
            writer.writeStartElement("ns2", "AckResponse", TYPES);
            writer.writeEndElement();
        });
    }

    /** {@code SendRequestResponse}: the request was accepted under {@code smevMessageId}. */
    static String sendRequestResponse(String smevMessageId, Instant sendingTimestamp) {
        return envelope(writer -> {
            writer.writeStartElement("ns2", "SendRequestResponse", TYPES);
            writer.writeStartElement("ns2", "MessageMetadata", TYPES);
            Stax.element(writer, "ns2", TYPES, "MessageId", smevMessageId);
            Stax.element(writer, "ns2", TYPES, "MessageType", "REQUEST");
            Stax.element(writer, "ns2", TYPES, "SendingTimestamp", dateTime(sendingTimestamp));
            Stax.element(writer, "ns2", TYPES, "Status", "requestIsQueued");
            writer.writeEndElement();
            writer.writeEndElement();
        });
    }

    /**
     * A SOAP 1.1 Fault.
     *
     * @param faultCode   {@link #CLIENT} (the caller's fault) or {@link #SERVER}
     * @param faultString human-readable reason
     * @param smevFault   local name of an element of SMEV's faults namespace to put in {@code detail}
     *                    (one of the {@code basic:Void} faults, e.g. {@code TargetMessageIsNotFound}), or null
     */
    static String fault(String faultCode, String faultString, String smevFault) {
        return envelope(writer -> {
            writer.writeStartElement("soap", "Fault", SOAP);
            // SOAP 1.1 §4.4: the fault's children are unqualified.
            Stax.element(writer, "", "", "faultcode", faultCode);
            Stax.element(writer, "", "", "faultstring", faultString);
            if (smevFault != null) {
                Stax.startElement(writer, "", "", "detail");
                writer.writeStartElement("ns3", smevFault, FAULTS);
                writer.writeEndElement();
                writer.writeEndElement();
            }
            writer.writeEndElement();
        });
    }

    /** {@code xs:dateTime} in UTC with millisecond precision. */
    static String dateTime(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void writeSenderProvidedResponseData(ResponseHeader header, Stax.Content primaryContent,
                                                        XMLStreamWriter writer) throws XMLStreamException {
        writer.writeStartElement("ns2", "SenderProvidedResponseData", TYPES);
        writer.writeAttribute("Id", "SIGNED_BY_PROVIDER");
        Stax.element(writer, "ns2", TYPES, "MessageID", header.messageId());
        Stax.element(writer, "ns2", TYPES, "To", header.to());
        writer.writeStartElement("ns1", "MessagePrimaryContent", BASIC);
        primaryContent.writeTo(writer);
        writer.writeEndElement();
        writer.writeEndElement();
    }

    private static void writeResponseMetadata(ResponseHeader header, XMLStreamWriter writer)
            throws XMLStreamException {
        writer.writeStartElement("ns2", "MessageMetadata", TYPES);
        Stax.element(writer, "ns2", TYPES, "MessageId", header.messageId());
        Stax.element(writer, "ns2", TYPES, "MessageType", "RESPONSE");
        writer.writeStartElement("ns2", "Sender", TYPES);
        Stax.element(writer, "ns2", TYPES, "Mnemonic", header.senderMnemonic());
        Stax.element(writer, "ns2", TYPES, "HumanReadableName", header.senderName());
        writer.writeEndElement();
        Stax.element(writer, "ns2", TYPES, "SendingTimestamp", dateTime(header.sendingTimestamp()));
        Stax.element(writer, "ns2", TYPES, "DeliveryTimestamp", dateTime(header.deliveryTimestamp()));
        Stax.element(writer, "ns2", TYPES, "Status", "messageIsDelivered");
        writer.writeEndElement();
    }

    private static String envelope(Stax.Content body) {
        return Stax.document(writer -> {
            writer.writeStartElement("soap", "Envelope", SOAP);
            writer.writeStartElement("soap", "Body", SOAP);
            body.writeTo(writer);
            writer.writeEndElement();
            writer.writeEndElement();
        });
    }
}
