package ru.moku.survey.survey;

import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.Ids;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Stores accepted answers (seed 000 step 20) and announces the completed survey to card-processor (steps 21–22), in
 * the inbox transaction of the runtime's consumer. Idempotent twice over: a redelivered message is dropped by the
 * inbox, and a submission stored already ({@code stored_at} set) is not stored or announced again; each answer row
 * is also unique by submission and question.
 */
@Component
class SubmissionConsumer implements MessageHandler<SurveySubmission> {

    private final DatabaseClient db;
    private final Questionnaires questionnaires;
    private final Outbox outbox;

    SubmissionConsumer(DatabaseClient db, Questionnaires questionnaires, Outbox outbox) {
        this.db = db;
        this.questionnaires = questionnaires;
        this.outbox = outbox;
    }

    @Override
    public Mono<Void> handle(Envelope<SurveySubmission> message) {
        SurveySubmission submission = message.data();
        return markStored(submission)
                .flatMap(marked -> marked
                        ? storeAnswers(submission).then(announce(message))
                        : requireRecorded(submission));
    }

    /** Sets {@code stored_at} unless set before; locks the row, so a concurrent duplicate waits and finds it set. */
    private Mono<Boolean> markStored(SurveySubmission submission) {
        return db.sql("""
                        UPDATE survey_submission SET stored_at = now()
                        WHERE submission_id = :submissionId AND stored_at IS NULL""")
                .bind("submissionId", submission.submissionId())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** A submission stored before is fine; one that was never accepted is not ours to store (dead letter). */
    private Mono<Void> requireRecorded(SurveySubmission submission) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM survey_submission WHERE submission_id = :submissionId) AS known")
                .bind("submissionId", submission.submissionId())
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
                .one()
                .flatMap(known -> known ? Mono.<Void>empty()
                        : Mono.error(new Failures.PermanentFailure("submission " + submission.submissionId()
                                + " was never accepted by survey-service")));
    }

    private Mono<Void> storeAnswers(SurveySubmission submission) {
        return questionnaires.questionTypes(submission.surveyId())
                .flatMapMany(types -> Flux.fromIterable(submission.answers())
                        .concatMap(answer -> insert(submission, answer, types.get(answer.questionId()))))
                .then();
    }

    private Mono<Long> insert(SurveySubmission submission, SurveySubmission.Answer answer, QuestionType type) {
        if (type == null) {
            return Mono.error(new Failures.PermanentFailure("survey " + submission.surveyId() + " has no question "
                    + answer.questionId()));
        }
        boolean choices = type == QuestionType.SINGLE_CHOICE || type == QuestionType.MULTIPLE_CHOICE;
        return db.sql("""
                        INSERT INTO poll_question_answers (id, submission_id, card_id, lko_organisation_id, survey_id,
                                                           question_id, answer_text, answer_choices)
                        VALUES (:id, :submissionId, :cardId, :lkoOrganisationId, :surveyId, :questionId, :text,
                                :choices)
                        ON CONFLICT (submission_id, question_id) DO NOTHING""")
                .bind("id", Ids.next())
                .bind("submissionId", submission.submissionId())
                .bind("cardId", submission.cardId())
                .bind("lkoOrganisationId", submission.lkoOrganisationId())
                .bind("surveyId", submission.surveyId())
                .bind("questionId", answer.questionId())
                .bind("text", Parameter.fromOrEmpty(choices ? null : single(answer.values()), String.class))
                .bind("choices", Parameter.fromOrEmpty(choices ? answer.values().toArray(String[]::new) : null,
                        String[].class))
                .fetch().rowsUpdated();
    }

    private static String single(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private Mono<Void> announce(Envelope<SurveySubmission> message) {
        SurveySubmission submission = message.data();
        SurveyCompleted completed = new SurveyCompleted(submission.cardId(), submission.submissionId(),
                submission.surveyId(), submission.lkoOrganisationId(), submission.answers().size(), Instant.now());
        return outbox.toRabbit(Destinations.SURVEYS_COMPLETED, message.reply(MessageTypes.SURVEY_COMPLETED,
                SurveySubmissions.SOURCE, submission.cardId().toString(), completed));
    }
}
