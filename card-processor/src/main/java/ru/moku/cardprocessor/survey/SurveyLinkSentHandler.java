package ru.moku.cardprocessor.survey;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.intake.CardStage;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/** SMEV accepted the notification with the card's survey link (seed 000 step 15): the card becomes LINK_SENT. */
@Component
public class SurveyLinkSentHandler implements MessageHandler<SurveyLinkSent> {

    private final CardSurveyRepository repository;
    private final CardStages stages;

    SurveyLinkSentHandler(CardSurveyRepository repository, CardStages stages) {
        this.repository = repository;
        this.stages = stages;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyLinkSent> message) {
        SurveyLinkSent sent = message.data();
        return repository.markLinkSent(sent)
                .flatMap(hasLink -> hasLink
                        ? stages.advance(sent.cardId(), CardStage.LINK_SENT, "SMEV message " + sent.smevMessageId(),
                                message).then()
                        : Mono.error(new Failures.PermanentFailure("no survey link of card " + sent.cardId())));
    }
}
