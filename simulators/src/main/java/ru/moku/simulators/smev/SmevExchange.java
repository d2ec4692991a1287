package ru.moku.simulators.smev;

import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import ru.moku.model.xml.SecureXml;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * SMEV's side of message exchange 1.3: answers {@code GetResponseRequest} from the queue, removes
 * acknowledged messages, records {@code SendRequestRequest}s. Pure computation on in-memory state, no
 * I/O, so it runs on the request's thread.
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

    SmevExchange(SmevRequestParser parser, SmevMessageQueue queue, SendRequestJournal journal,
                 SmevFaultInjector faultInjector, MessageIds messageIds, Clock clock, SmevSimulatorProperties properties) {
        this.parser = parser;
        this.queue = queue;
        this.journal = journal;
        this.faultInjector = faultInjector;
        this.messageIds = messageIds;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * A SOAP answer.
     *
     * @param fault    whether it is a SOAP Fault (sent with HTTP 500, as SOAP 1.1 over HTTP requires)
     * @param envelope the SOAP envelope
     */
    record Answer(boolean fault, String envelope) {
    }

    /** Answers one SOAP request, with {@code faults} deciding duplicates and dropped acknowledgements. */
    Answer answer(byte[] body, Faults faults) {
        try {
            SmevRequest request = parser.parse(body);
            Instant now = clock.instant();
            if (request instanceof SmevRequest.GetResponse getResponse) {
                return new Answer(false, getResponse(getResponse, now, faults));
            }
            if (request instanceof SmevRequest.Ack ack) {
                return new Answer(false, ack(ack, now, faults));
            }
            return new Answer(false, sendRequest((SmevRequest.SendRequest) request, now));
        } catch (SmevFaultException e) {
            return new Answer(true, e.toEnvelope());
        } catch (RuntimeException e) {
            // A bug of the simulator: the caller gets a SOAP Fault, the stack trace stays in our log.
            log.error("SMEV simulator failed to answer a request", e);
            return new Answer(true, SmevSoap.fault(SmevSoap.SERVER, "internal error of the SMEV simulator: " + e,
                    "SMEVFailure"));
        }
    }

    private String getResponse(SmevRequest.GetResponse request, Instant now, Faults faults) {
        checkClock(request.timestamp(), now);
        return queue.poll(now, properties.redeliveryTimeout(), faultInjector.duplicateDelivery(faults))
                .map(delivery -> render(delivery.message(), now))
                .orElseGet(SmevSoap::emptyGetResponse);
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

    private String render(SmevMessage message, Instant now) {
        if (message.content() instanceof SmevMessage.CompleteResponse complete) {
            Element response = parseStored(complete.xml());
            return SmevSoap.envelopeAround(writer -> Stax.copy(response, writer));
        }
        Element document = parseStored(((SmevMessage.PrimaryContent) message.content()).xml());
        SmevSoap.ResponseHeader header = new SmevSoap.ResponseHeader(message.messageId(), properties.responseTo(),
                properties.senderMnemonic(), properties.senderName(), message.sendingTimestamp(), now);
        return SmevSoap.getResponse(header, writer -> Stax.copy(document, writer));
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
