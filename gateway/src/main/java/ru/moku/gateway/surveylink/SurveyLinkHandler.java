package ru.moku.gateway.surveylink;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.gateway.GatewayApplication;
import ru.moku.gateway.config.SurveyLinkProperties;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.SoapWire;
import ru.moku.model.incident.IncidentKind;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.model.xml.SecureXml;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.partner.PartnerFailure;
import ru.moku.runtime.rabbit.PreparedMessageHandler;

/**
 * Sends a survey link to ЛК ЕПГУ (the state portal's personal account) through SMEV (seed 000 steps 12–15).
 * {@link #prepare}, outside any transaction, checks the notification against its schema, records our MessageID in
 * {@link SentRequests} and sends it as a {@code SendRequestRequest} with every retry {@link PartnerCalls} allows — the
 * record comes first because SMEV's {@code AsyncProcessingStatus} about the request may be pulled before this handler's
 * transaction commits, and must find its card; {@link #handle}, in the inbox transaction:
 * <ul>
 *   <li>accepted → {@code SurveyLinkSent} to card-processor ({@code qal.survey-links-sent}) through the outbox;</li>
 *   <li>refused for good or unavailable after every attempt → incident {@code SURVEY_LINK_NOT_SENT} carrying the
 *       message, which {@link SurveyLinkRedriver} re-queues on an operator's retry.</li>
 * </ul>
 * Our {@code MessageID} is the envelope id: every attempt for one message repeats it, so SMEV never queues one
 * notification twice.
 */
public final class SurveyLinkHandler implements PreparedMessageHandler<SurveyLinkIssued, SendOutcome> {

    private static final Logger log = LoggerFactory.getLogger(SurveyLinkHandler.class);

    private final SurveyNotificationRequests requests;
    private final Schema notificationSchema;
    private final SmevSendClient client;
    private final PartnerCalls calls;
    private final Outbox outbox;
    private final SentRequests sentRequests;
    private final Incidents incidents;
    private final EnvelopeCodec codec;
    private final Scheduler xmlWorkers;

    SurveyLinkHandler(SurveyNotificationRequests requests, Schema notificationSchema, SmevSendClient client,
                      PartnerCalls calls, Outbox outbox, SentRequests sentRequests, Incidents incidents,
                      EnvelopeCodec codec, Scheduler xmlWorkers) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.notificationSchema = Objects.requireNonNull(notificationSchema, "notificationSchema");
        this.client = Objects.requireNonNull(client, "client");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sentRequests = Objects.requireNonNull(sentRequests, "sentRequests");
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
    }

    /**
     * The handler for {@code settings}: requests with our node id, the notification schema compiled now (at
     * start-up, never on a request thread), retries as {@code settings} say.
     */
    public static SurveyLinkHandler create(SurveyLinkProperties settings, SmevSigner signer, SoapWire wire,
                                           Outbox outbox, SentRequests sentRequests, Incidents incidents,
                                           EnvelopeCodec codec, Scheduler xmlWorkers) {
        return new SurveyLinkHandler(new SurveyNotificationRequests(settings.nodeId(), settings.testMessage()),
                SurveyNotificationRequests.schema(), new SmevSendClient(settings, signer, xmlWorkers, wire),
                new PartnerCalls("smev-survey-link", settings), outbox, sentRequests, incidents, codec, xmlWorkers);
    }

    @Override
    public Mono<SendOutcome> prepare(Envelope<SurveyLinkIssued> message) {
        return checkNotification(message.data())
                .then(Mono.defer(() -> sentRequests.record(message.id().toString(), message.data().cardId(),
                        Instant.now())))
                .then(Mono.defer(() -> sendThroughSmev(message.id(), message.data())));
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyLinkIssued> message, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Sent sent) {
            return announceSent(message, sent);
        }
        return registerNotSent(message, (SendOutcome.NotSent) outcome);
    }

    /** A link SMEV would carry but ЛК ЕПГУ could not read is card-processor's bug: dead-lettered with an incident. */
    private Mono<Void> checkNotification(SurveyLinkIssued link) {
        return Mono.fromRunnable(() -> {
                    if (link.cardId() == null || link.link() == null || link.expiresAt() == null) {
                        throw new Failures.PermanentFailure("survey link without card id, link or expiry: " + link);
                    }
                    validate(SurveyNotificationRequests.notification(link));
                })
                .subscribeOn(xmlWorkers)
                .then();
    }

    private void validate(String notification) {
        try {
            SecureXml.validator(notificationSchema).validate(new StreamSource(new StringReader(notification)));
        } catch (SAXException e) {
            throw new Failures.PermanentFailure("the survey notification does not validate against "
                    + SurveyNotificationRequests.SCHEMA + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot validate an in-memory document", e);
        }
    }

    /** SMEV's answer after every retry, as a value; the boundary is {@link #handle}. */
    private Mono<SendOutcome> sendThroughSmev(UUID messageId, SurveyLinkIssued link) {
        String envelope = requests.sendRequest(messageId, link);
        AtomicInteger made = new AtomicInteger();
        Mono<Instant> attempt = Mono.defer(() -> {
            made.incrementAndGet();
            return client.send(envelope);
        });
        return calls.protect(attempt)
                .<SendOutcome>map(sentAt -> new SendOutcome.Sent(messageId, sentAt, made.get()))
                .onErrorResume(PartnerFailure.Rejected.class,
                        rejected -> Mono.just(new SendOutcome.NotSent(rejected.getMessage(), made.get())))
                .onErrorResume(Failures::isTransient,
                        unavailable -> Mono.just(new SendOutcome.NotSent(unavailable.getMessage(), made.get())));
    }

    private Mono<Void> announceSent(Envelope<SurveyLinkIssued> message, SendOutcome.Sent sent) {
        SurveyLinkIssued link = message.data();
        SurveyLinkSent event = new SurveyLinkSent(link.cardId(), sent.messageId().toString(), sent.sentAt());
        log.debug("Survey link of card {} accepted by SMEV as {} after {} attempt(s)", link.cardId(),
                sent.messageId(), sent.attempts());
        return outbox.toRabbit(Destinations.SURVEY_LINKS_SENT, message.reply(MessageTypes.SURVEY_LINK_SENT,
                GatewayApplication.MESSAGE_SOURCE, link.cardId().toString(), event));
    }

    private Mono<Void> registerNotSent(Envelope<SurveyLinkIssued> message, SendOutcome.NotSent notSent) {
        UUID cardId = message.data().cardId();
        String reason = "SMEV did not take the survey link after " + notSent.attempts() + " attempt(s): "
                + notSent.reason();
        log.warn("Survey link of card {} not sent: {}", cardId, reason);
        return incidents.register(new Incident.Draft(IncidentKind.SURVEY_LINK_NOT_SENT, cardId.toString(), reason,
                        codec.encodeToString(message), notSent.attempts()))
                .then();
    }
}
