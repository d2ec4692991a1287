package ru.moku.survey.answers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.Ids;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.survey.questionnaire.QuestionType;

/**
 * Accepted submissions ({@code survey_submission}, one per card) and their stored answers
 * ({@code poll_question_answers}). Accepting one records it and queues its answers for
 * storage in the same transaction (seed 000 steps 19–20), so the 202 never promises answers that are not on their
 * way.
 */
@Repository
class SurveySubmissionRepository {

    /** The source of the messages survey-service publishes. */
    static final String SOURCE = "moku/survey-service";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;

    SurveySubmissionRepository(DatabaseClient db, TransactionalOperator tx, Outbox outbox) {
        this.db = db;
        this.tx = tx;
        this.outbox = outbox;
    }

    /** Whether the card's survey was submitted already. */
    Mono<Boolean> completed(UUID cardId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM survey_submission WHERE card_id = :cardId) AS completed")
                .bind("cardId", cardId)
                .map(row -> Boolean.TRUE.equals(row.get("completed", Boolean.class)))
                .one();
    }

    /**
     * Records the card's submission and queues its answers on {@link Destinations#SURVEY_SUBMISSIONS}; emits the
     * submission id. Fails with {@link SurveyAlreadyCompletedException} if the card has one already — also when
     * another request for the card commits first (the second insert waits for it, then inserts nothing).
     */
    Mono<UUID> accept(SurveyClaims claims, List<SurveySubmission.Answer> answers) {
        return Mono.defer(() -> {
            SurveySubmission submission = new SurveySubmission(Ids.next(), claims.cardId(),
                    claims.mokuOrganisationId(), claims.lkoOrganisationId(), claims.surveyId(), answers,
                    Instant.now());
            Envelope<SurveySubmission> message = Envelope.create(MessageTypes.SURVEY_SUBMITTED, SOURCE,
                    claims.cardId(), null, claims.cardId().toString(), submission);
            Mono<UUID> recorded = insert(submission, claims.tokenId())
                    .flatMap(inserted -> inserted
                            ? outbox.toRabbit(Destinations.SURVEY_SUBMISSIONS, message)
                                    .thenReturn(submission.submissionId())
                            : Mono.error(new SurveyAlreadyCompletedException(claims.cardId())));
            return tx.transactional(recorded);
        });
    }

    /**
     * Sets {@code stored_at} unless set before; emits whether this call set it. Locks the row, so a concurrent
     * duplicate waits and finds it set.
     */
    Mono<Boolean> markStored(UUID submissionId) {
        return db.sql("""
                        UPDATE survey_submission SET stored_at = now()
                        WHERE submission_id = :submissionId AND stored_at IS NULL""")
                .bind("submissionId", submissionId)
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Whether the submission was ever accepted (has a row). */
    Mono<Boolean> recorded(UUID submissionId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM survey_submission WHERE submission_id = :submissionId) AS known")
                .bind("submissionId", submissionId)
                .map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
                .one();
    }

    /**
     * Stores one answer in {@code poll_question_answers}: a choice question's ids in {@code answer_choices}, a text or a
     * rating in {@code answer_text}. An answer stored before (same submission and question) is left as it is.
     */
    Mono<Void> insertAnswer(SurveySubmission submission, SurveySubmission.Answer answer, QuestionType type) {
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
                .fetch().rowsUpdated()
                .then();
    }

    private static String single(List<String> values) {
        return values.isEmpty() ? null : values.get(0);
    }

    private Mono<Boolean> insert(SurveySubmission submission, UUID tokenId) {
        return db.sql("""
                        INSERT INTO survey_submission (submission_id, card_id, token_id, moku_organisation_id,
                                                       lko_organisation_id, survey_id, submitted_at)
                        VALUES (:submissionId, :cardId, :tokenId, :mokuOrganisationId, :lkoOrganisationId, :surveyId,
                                :submittedAt)
                        ON CONFLICT (card_id) DO NOTHING""")
                .bind("submissionId", submission.submissionId())
                .bind("cardId", submission.cardId())
                .bind("tokenId", tokenId)
                .bind("mokuOrganisationId", submission.mokuOrganisationId())
                .bind("lkoOrganisationId", submission.lkoOrganisationId())
                .bind("surveyId", submission.surveyId())
                .bind("submittedAt", submission.submittedAt())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }
}
