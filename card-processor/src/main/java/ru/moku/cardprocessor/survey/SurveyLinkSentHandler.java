package ru.moku.cardprocessor.survey;

import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
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

    private final DatabaseClient db;
    private final CardStages stages;

    SurveyLinkSentHandler(DatabaseClient db, CardStages stages) {
        this.db = db;
        this.stages = stages;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyLinkSent> message) {
        SurveyLinkSent sent = message.data();
        return db.sql("""
                        UPDATE survey_link SET sent_at = coalesce(sent_at, :sentAt),
                                               smev_message_id = coalesce(smev_message_id, :smevMessageId)
                        WHERE card_id = :cardId""")
                .bind("cardId", sent.cardId())
                .bind("sentAt", sent.sentAt())
                .bind("smevMessageId", sent.smevMessageId())
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1
                        ? stages.advance(sent.cardId(), List.of(CardStage.CREATED_IN_LKO), CardStage.LINK_SENT,
                                "SMEV message " + sent.smevMessageId(), message).then()
                        : Mono.error(new Failures.PermanentFailure("no survey link of card " + sent.cardId())));
    }
}
