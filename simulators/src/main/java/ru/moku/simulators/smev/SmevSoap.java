package ru.moku.simulators.smev;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import ru.moku.model.xml.Namespaces;

/**
 * The SOAP 1.1 envelopes the simulator answers with: the bodies of SMEV 3 message exchange 1.3
 * ({@code GetResponseResponse}, {@code AckResponse}, {@code SendRequestResponse}) and SOAP Faults.
 * Each body element validates against the SMEV 1.3 schemas on its own.
 *
 * <p>SMEV's signatures ({@code SMEVSignature}, {@code SenderInformationSystemSignature}) are optional in the schema;
 * the envelopes are written without them and signed afterwards when signing is configured.
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
    /** XOP (XML-binary Optimized Packaging): {@code xop:Include} stands for a MIME part of an MTOM message. */
    static final String XOP = "http://www.w3.org/2004/08/xop/include";
    /** {@code Id} of {@code Response}: what {@code SMEVSignature} signs. */
    static final String RESPONSE_ID = "SIGNED_BY_SMEV";
    /** {@code Id} of {@code SenderProvidedResponseData}: what {@code SenderInformationSystemSignature} signs. */
    static final String SENDER_DATA_ID = "SIGNED_BY_PROVIDER";
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

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

    /**
     * What a delivered response carries besides SMEV's header.
     *
     * @param primaryContent writes the document inside {@code MessagePrimaryContent}; null for an answer
     * @param answer         an answer without service data instead of the document, or null
     * @param attachments    files in the message (headers in {@code SenderProvidedResponseData}, content in
     *                       {@code ResponseMessage/AttachmentContentList})
     * @param fsAttachments  files on the file storage ({@code RefAttachmentHeaderList} + {@code FSAttachmentsList})
     */
    record Payload(Stax.Content primaryContent, SmevMessage.StatusAnswer answer, List<Attachment> attachments,
                   List<FsAttachment> fsAttachments) {

        Payload {
            if ((primaryContent == null) == (answer == null)) {
                throw new IllegalArgumentException("a response carries either primary content or an answer");
            }
            attachments = List.copyOf(attachments);
            fsAttachments = List.copyOf(fsAttachments);
        }

        static Payload document(Stax.Content primaryContent) {
            return new Payload(primaryContent, null, List.of(), List.of());
        }
    }

    /** {@code GetResponseResponse/ResponseMessage} with {@code primaryContent} inside {@code MessagePrimaryContent}. */
    static String getResponse(ResponseHeader header, Stax.Content primaryContent) {
        return getResponse(header, Payload.document(primaryContent), false);
    }

    /**
     * {@code GetResponseResponse/ResponseMessage} with {@code payload}; with {@code mtom} an attachment of transfer
     * {@link Attachment.Transfer#MTOM} is written as {@code xop:Include} of its MIME part (which the caller sends),
     * otherwise as base64 text.
     */
    static String getResponse(ResponseHeader header, Payload payload, boolean mtom) {
        return envelope(writer -> {
            writer.writeStartElement("ns2", "GetResponseResponse", TYPES);
            writer.writeStartElement("ns2", "ResponseMessage", TYPES);
            writer.writeStartElement("ns2", "Response", TYPES);
            writer.writeAttribute("Id", RESPONSE_ID);
            if (payload.answer() != null) {
                Stax.element(writer, "ns2", TYPES, "OriginalMessageId", payload.answer().originalMessageId());
            }
            writeSenderProvidedResponseData(header, payload, writer);
            writeResponseMetadata(header, writer);
            writeFsAttachments(payload.fsAttachments(), writer);
            writer.writeEndElement();
            writeAttachmentContents(payload.attachments(), mtom, writer);
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
        return fault(faultCode, faultString, smevFault, null);
    }

    /**
     * A SOAP 1.1 Fault whose SMEV detail is a {@code SignatureVerificationFault} with {@code verificationFault} (its
     * code) when that is not null.
     */
    static String fault(String faultCode, String faultString, String smevFault, String verificationFault) {
        return envelope(writer -> {
            writer.writeStartElement("soap", "Fault", SOAP);
            // SOAP 1.1 §4.4: the fault's children are unqualified.
            Stax.element(writer, "", "", "faultcode", faultCode);
            Stax.element(writer, "", "", "faultstring", faultString);
            if (smevFault != null) {
                Stax.startElement(writer, "", "", "detail");
                writer.writeStartElement("ns3", smevFault, FAULTS);
                if (verificationFault != null) {
                    Stax.element(writer, "ns1", BASIC, "Description", faultString);
                    Stax.element(writer, "ns3", FAULTS, "SignatureVerificationFault", verificationFault);
                }
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

    private static void writeSenderProvidedResponseData(ResponseHeader header, Payload payload,
                                                        XMLStreamWriter writer) throws XMLStreamException {
        writer.writeStartElement("ns2", "SenderProvidedResponseData", TYPES);
        writer.writeAttribute("Id", SENDER_DATA_ID);
        Stax.element(writer, "ns2", TYPES, "MessageID", header.messageId());
        Stax.element(writer, "ns2", TYPES, "To", header.to());
        if (payload.answer() != null) {
            writeAnswer(payload.answer(), writer);
        } else {
            writer.writeStartElement("ns1", "MessagePrimaryContent", BASIC);
            payload.primaryContent().writeTo(writer);
            writer.writeEndElement();
            writeAttachmentHeaders(payload.attachments(), writer);
            writeRefAttachmentHeaders(payload.fsAttachments(), writer);
        }
        writer.writeEndElement();
    }

    private static void writeAnswer(SmevMessage.StatusAnswer answer, XMLStreamWriter writer)
            throws XMLStreamException {
        switch (answer.kind()) {
            case REQUEST_REJECTED -> {
                writer.writeStartElement("ns2", "RequestRejected", TYPES);
                Stax.element(writer, "ns2", TYPES, "RejectionReasonCode", answer.code());
                Stax.element(writer, "ns2", TYPES, "RejectionReasonDescription", answer.description());
            }
            case REQUEST_STATUS -> {
                writer.writeStartElement("ns2", "RequestStatus", TYPES);
                Stax.element(writer, "ns2", TYPES, "StatusCode", answer.code());
                Stax.element(writer, "ns2", TYPES, "StatusDescription", answer.description());
            }
            case ASYNC_PROCESSING_STATUS -> {
                writer.writeStartElement("ns2", "AsyncProcessingStatus", TYPES);
                Stax.element(writer, "ns2", TYPES, "OriginalMessageId", answer.originalMessageId());
                Stax.element(writer, "ns2", TYPES, "StatusCategory", answer.code());
                Stax.element(writer, "ns2", TYPES, "StatusDetails", answer.description());
            }
        }
        writer.writeEndElement();
    }

    private static void writeAttachmentHeaders(List<Attachment> attachments, XMLStreamWriter writer)
            throws XMLStreamException {
        if (attachments.isEmpty()) {
            return;
        }
        writer.writeStartElement("ns1", "AttachmentHeaderList", BASIC);
        for (Attachment attachment : attachments) {
            writer.writeStartElement("ns1", "AttachmentHeader", BASIC);
            Stax.element(writer, "ns1", BASIC, "contentId", attachment.contentId());
            Stax.element(writer, "ns1", BASIC, "MimeType", attachment.mimeType());
            if (attachment.signaturePkcs7() != null) {
                Stax.element(writer, "ns1", BASIC, "SignaturePKCS7", BASE64.encodeToString(attachment.signaturePkcs7()));
            }
            writer.writeEndElement();
        }
        writer.writeEndElement();
    }

    private static void writeRefAttachmentHeaders(List<FsAttachment> files, XMLStreamWriter writer)
            throws XMLStreamException {
        if (files.isEmpty()) {
            return;
        }
        writer.writeStartElement("ns1", "RefAttachmentHeaderList", BASIC);
        for (FsAttachment file : files) {
            writer.writeStartElement("ns1", "RefAttachmentHeader", BASIC);
            Stax.element(writer, "ns1", BASIC, "uuid", file.uuid());
            Stax.element(writer, "ns1", BASIC, "FileName", file.fileName());
            Stax.element(writer, "ns1", BASIC, "Hash", file.hash());
            Stax.element(writer, "ns1", BASIC, "MimeType", file.mimeType());
            if (file.signaturePkcs7() != null) {
                Stax.element(writer, "ns1", BASIC, "SignaturePKCS7", BASE64.encodeToString(file.signaturePkcs7()));
            }
            writer.writeEndElement();
        }
        writer.writeEndElement();
    }

    private static void writeFsAttachments(List<FsAttachment> files, XMLStreamWriter writer)
            throws XMLStreamException {
        if (files.isEmpty()) {
            return;
        }
        writer.writeStartElement("ns1", "FSAttachmentsList", BASIC);
        for (FsAttachment file : files) {
            writer.writeStartElement("ns1", "FSAttachment", BASIC);
            Stax.element(writer, "ns1", BASIC, "uuid", file.uuid());
            Stax.element(writer, "ns1", BASIC, "UserName", file.userName());
            Stax.element(writer, "ns1", BASIC, "Password", file.password());
            Stax.element(writer, "ns1", BASIC, "FileName", file.fileName());
            writer.writeEndElement();
        }
        writer.writeEndElement();
    }

    private static void writeAttachmentContents(List<Attachment> attachments, boolean mtom, XMLStreamWriter writer)
            throws XMLStreamException {
        if (attachments.isEmpty()) {
            return;
        }
        writer.writeStartElement("ns1", "AttachmentContentList", BASIC);
        for (Attachment attachment : attachments) {
            writer.writeStartElement("ns1", "AttachmentContent", BASIC);
            Stax.element(writer, "ns1", BASIC, "Id", attachment.contentId());
            writer.writeStartElement("ns1", "Content", BASIC);
            if (attachment.asPart(mtom)) {
                writer.writeStartElement("xop", "Include", XOP);
                writer.writeAttribute("href", "cid:" + attachment.mimeContentId());
                writer.writeEndElement();
            } else {
                writer.writeCharacters(BASE64.encodeToString(attachment.content()));
            }
            writer.writeEndElement();
            writer.writeEndElement();
        }
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
