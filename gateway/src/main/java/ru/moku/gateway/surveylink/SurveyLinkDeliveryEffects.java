package ru.moku.gateway.surveylink;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import ru.moku.gateway.GatewayApplication;
import ru.moku.gateway.answers.AnswerEffects;
import ru.moku.gateway.answers.AnswerKind;
import ru.moku.gateway.answers.SmevAnswer;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.runtime.outbox.Outbox;

/**
 * The effect of SMEV's answers on our survey links: an {@code AsyncProcessingStatus} or a {@code RequestRejected}
 * whose {@code OriginalMessageId} is a survey link's SendRequest of ours ({@link SentRequests}) goes to card-processor
 * as a {@link SurveyLinkDelivery} ({@code qal.survey-link-deliveries}), through the outbox, in the intake transaction
 * that stores the answer. Any other answer — another kind, no original id, a message that is not ours — has no effect
 * beyond its record (logged at debug).
 */
public final class SurveyLinkDeliveryEffects implements AnswerEffects {

    private static final Logger log = LoggerFactory.getLogger(SurveyLinkDeliveryEffects.class);

    private final SentRequests sentRequests;
    private final Outbox outbox;
    private final Clock clock;

    public SurveyLinkDeliveryEffects(SentRequests sentRequests, Outbox outbox, Clock clock) {
        this.sentRequests = Objects.requireNonNull(sentRequests, "sentRequests");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Mono<Void> apply(SmevAnswer answer) {
        if (answer.kind() == AnswerKind.REQUEST_STATUS || answer.originalMessageId() == null) {
            return Mono.empty();
        }
        return sentRequests.surveyLinkCard(answer.originalMessageId())
                .flatMap(cardId -> announce(answer, cardId))
                .switchIfEmpty(Mono.fromRunnable(() -> log.debug("{} {} is about {}, not a survey link of ours",
                        answer.kind(), answer.smevMessageId(), answer.originalMessageId())));
    }

    private Mono<Void> announce(SmevAnswer answer, UUID cardId) {
        SurveyLinkDelivery.Outcome outcome = answer.kind() == AnswerKind.REQUEST_REJECTED
                ? SurveyLinkDelivery.Outcome.REFUSED
                : SurveyLinkDelivery.Outcome.ofStatusCategory(answer.code());
        SurveyLinkDelivery delivery = new SurveyLinkDelivery(cardId, answer.originalMessageId(), answer.code(),
                answer.description(), outcome, clock.instant());
        log.debug("Survey link of card {} ({}): {} {}", cardId, answer.originalMessageId(), answer.code(), outcome);
        return outbox.toRabbit(Destinations.SURVEY_LINK_DELIVERIES, Envelope.create(MessageTypes.SURVEY_LINK_DELIVERY,
                GatewayApplication.MESSAGE_SOURCE, cardId, null, cardId.toString(), delivery));
    }
}
