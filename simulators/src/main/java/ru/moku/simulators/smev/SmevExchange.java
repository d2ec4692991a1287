package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import ru.moku.model.xml.SecureXml;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * SMEV's side of message exchange 1.3: answers {@code GetResponseRequest} from the queue, removes
 * acknowledged messages, records {@code SendRequestRequest}s (and queues SMEV's {@code AsyncProcessingStatus} for them
 * when asked). Computation on in-memory state, no I/O; with signing or caller verification on it is CPU-heavy, so the
 * endpoint then runs it on the crypto pool.
 */
final class SmevExchange {

    private static final Logger log = LoggerFactory.getLogger(SmevExchange.class);

    private final SmevRequestParser parser;
    private final SmevMessageQueue queue;
    private final SendRequestJournal journal;
    private final SmevFaultInjector faultInjector;
    private final MessageIds messageIds;
    private final Clock clock;
    private final SmevSimulatorProperties properties;
    private final ResponseSigning signing;
    private final MessageFeatures features;
    private final AsyncStatuses asyncStatuses;

    SmevExchange(SmevRequestParser parser, SmevMessageQueue queue, SendRequestJournal journal,
                 SmevFaultInjector faultInjector, MessageIds messageIds, Clock clock, SmevSimulatorProperties properties,
                 ResponseSigning signing, MessageFeatures features, AsyncStatuses asyncStatuses) {
        this.parser = parser;
        this.queue = queue;
        this.journal = journal;
        this.faultInjector = faultInjector;
        this.messageIds = messageIds;
        this.clock = clock;
        this.properties = properties;
        this.signing = signing;
        this.features = features;
        this.asyncStatuses = asyncStatuses;
    }

    /**
     * A SOAP answer.
     *
     * @param fault    whether it is a SOAP Fault (sent with HTTP 500, as SOAP 1.1 over HTTP requires)
     * @param envelope the SOAP envelope
     * @param mtom     whether it goes as MTOM ({@code multipart/related}), the envelope in the root part
     * @param parts    the binary parts the envelope's {@code xop:Include}s refer to (only with {@code mtom})
     */
    record Answer(boolean fault, String envelope, boolean mtom, List<MtomWriter.Part> parts) {

        Answer {
            parts = List.copyOf(parts);
        }

        /** A plain {@code text/xml} answer. */
        Answer(boolean fault, String envelope) {
            this(fault, envelope, false, List.of());
        }
    }

    /** Answers one SOAP request, with {@code faults} deciding duplicates and dropped acknowledgements. */
    Answer answer(byte[] body, Faults faults) {
        try {
            SmevRequest request = parser.parse(body);
            Instant now = clock.instant();
            if (request instanceof SmevRequest.GetResponse getResponse) {
                return getResponse(getResponse, now, faults);
            }
            if (request instanceof SmevRequest.Ack ack) {
                return new Answer(false, ack(ack, now, faults));
            }
            return new Answer(false, sendRequest((SmevRequest.SendRequest) request, now));
        } catch (SmevFaultException e) {
            if (e.verificationFault() != null) {
                features.callerSignatureRejected();
            }
            return new Answer(true, e.toEnvelope());
        } catch (RuntimeException e) {
            // A bug of the simulator: the caller gets a SOAP Fault, the stack trace stays in our log.
            log.error("SMEV simulator failed to answer a request", e);
            return new Answer(true, SmevSoap.fault(SmevSoap.SERVER, "internal error of the SMEV simulator: " + e,
                    "SMEVFailure"));
        }
    }

    private Answer getResponse(SmevRequest.GetResponse request, Instant now, Faults faults) {
        checkClock(request.timestamp(), now);
        boolean mtom = properties.mtom().enabled();
        return queue.poll(now, properties.redeliveryTimeout(), faultInjector.duplicateDelivery(faults))
                .map(delivery -> new Answer(false, render(delivery.message(), now, mtom), mtom,
                        parts(delivery.message(), mtom)))
                .orElseGet(() -> new Answer(false, SmevSoap.emptyGetResponse(), mtom, List.of()));
    }

    private String ack(SmevRequest.Ack request, Instant now, Faults faults) {
        SmevMessageQueue.AckOutcome outcome = queue.ack(request.messageId(), now, faultInjector.dropAck(faults));
        if (outcome == SmevMessageQueue.AckOutcome.NOT_FOUND) {
            throw SmevFaultException.client("no unacknowledged message with MessageId " + request.messageId()
                    + " has been delivered", "TargetMessageIsNotFound");
        }
        return SmevSoap.ackResponse();
    }

    private String sendRequest(SmevRequest.SendRequest request, Instant now) {
        String smevMessageId = messageIds.next();
        if (!journal.record(new ReceivedSendRequest(request.messageId(), smevMessageId, now, request.primaryContent(),
                request.contentType(), request.notification()))) {
            throw SmevFaultException.client("a request with MessageID " + request.messageId() + " was sent before",
                    "MessageIsAlreadySent");
        }
        asyncStatuses.afterSendRequest(request.messageId(), now).ifPresent(queue::enqueue);
        return SmevSoap.sendRequestResponse(smevMessageId, now);
    }

    /** SMEV refuses a selector whose timestamp is too far from its own clock. */
    private void checkClock(OffsetDateTime timestamp, Instant now) {
        Duration skew = Duration.between(timestamp.toInstant(), now).abs();
        if (skew.compareTo(properties.clockSkewTolerance()) > 0) {
            throw SmevFaultException.client("MessageTypeSelector/Timestamp " + timestamp + " is " + skew
                    + " away from SMEV's clock " + now + "; at most " + properties.clockSkewTolerance() + " is allowed");
        }
    }

    /**
     * The delivered envelope, rendered afresh for each delivery (its DeliveryTimestamp is this delivery's), then
     * signed. A loaded complete response is delivered exactly as it came, never signed.
     */
    private String render(SmevMessage message, Instant now, boolean mtom) {
        if (message.content() instanceof SmevMessage.CompleteResponse complete) {
            Element response = parseStored(complete.xml());
            return SmevSoap.envelopeAround(writer -> Stax.copy(response, writer));
        }
        SmevSoap.ResponseHeader header = new SmevSoap.ResponseHeader(message.messageId(), properties.responseTo(),
                properties.senderMnemonic(), properties.senderName(), message.sendingTimestamp(), now);
        SmevSoap.Payload payload;
        if (message.content() instanceof SmevMessage.StatusAnswer answer) {
            payload = new SmevSoap.Payload(null, answer, List.of(), List.of());
        } else {
            Element document = parseStored(((SmevMessage.PrimaryContent) message.content()).xml());
            payload = new SmevSoap.Payload(writer -> Stax.copy(document, writer), null, message.attachments(),
                    message.fsAttachments());
        }
        return signing.sign(SmevSoap.getResponse(header, payload, mtom), message.tampered());
    }

    private static List<MtomWriter.Part> parts(SmevMessage message, boolean mtom) {
        return message.attachments().stream()
                .filter(attachment -> attachment.asPart(mtom))
                .map(attachment -> new MtomWriter.Part(attachment.mimeContentId(), attachment.mimeType(),
                        attachment.content()))
                .toList();
    }

    private static Element parseStored(String xml) {
        try {
            return SecureXml.parse(new StringReader(xml)).getDocumentElement();
        } catch (SAXException | IOException e) {
            // Stored content was well-formed when queued.
            throw new IllegalStateException("queued content is no longer well-formed XML", e);
        }
    }
}
