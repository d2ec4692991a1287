package ru.moku.cardprocessor.survey;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.intake.CardStage;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Records that the applicant completed the survey (seed 000 steps 21–22): a row in {@code poll_answer_registers}
 * linking the survey to the card, once per submission, and the card becomes SURVEY_COMPLETED (also straight from
 * CREATED_IN_LKO: SMEV's acceptance of the link may be announced after the answers).
 */
@Component
public class SurveyCompletedHandler implements MessageHandler<SurveyCompleted> {

    private final DatabaseClient db;
    private final CardStages stages;

    SurveyCompletedHandler(DatabaseClient db, CardStages stages) {
        this.db = db;
        this.stages = stages;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveyCompleted> message) {
        SurveyCompleted completed = message.data();
        if (completed.cardId() == null || completed.submissionId() == null) {
            return Mono.error(new Failures.PermanentFailure("incomplete survey completion " + message.id()));
        }
        return db.sql("SELECT 1 FROM service_card WHERE id = :cardId")
                .bind("cardId", completed.cardId())
                .fetch().first()
                .switchIfEmpty(Mono.error(() -> new Failures.PermanentFailure("no card " + completed.cardId())))
                .then(register(completed))
                .then(stages.advance(completed.cardId(), List.of(CardStage.CREATED_IN_LKO, CardStage.LINK_SENT),
                        CardStage.SURVEY_COMPLETED, "submission " + completed.submissionId(), message))
                .then();
    }

    private Mono<Long> register(SurveyCompleted completed) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("""
                        INSERT INTO poll_answer_registers (submission_id, card_id, survey_id, lko_organisation_id,
                                                           answers, completed_at)
                        VALUES (:submissionId, :cardId, :surveyId, :lkoOrganisationId, :answers, :completedAt)
                        ON CONFLICT (submission_id) DO NOTHING""")
                .bind("submissionId", completed.submissionId())
                .bind("cardId", completed.cardId())
                .bind("surveyId", completed.surveyId())
                .bind("answers", completed.answers())
                .bind("completedAt", completed.completedAt());
        insert = completed.lkoOrganisationId() == null ? insert.bindNull("lkoOrganisationId", UUID.class)
                : insert.bind("lkoOrganisationId", completed.lkoOrganisationId());
        return insert.fetch().rowsUpdated();
    }
}
