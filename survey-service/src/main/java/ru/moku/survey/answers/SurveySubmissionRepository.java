package ru.moku.survey.answers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
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
     * Stores a submission's answers in {@code poll_question_answers}, all in one statement (arrays unnested): a choice
     * question's ids in {@code answer_choices}, a text or a rating in {@code answer_text}. An answer stored before
     * (same submission and question) is left as it is.
     *
     * @param types the type of each answer's question (every answer's question is in it)
     */
    Mono<Void> insertAnswers(SurveySubmission submission, Map<String, QuestionType> types) {
        List<SurveySubmission.Answer> answers = submission.answers();
        if (answers.isEmpty()) {
            return Mono.empty();
        }
        List<String> ids = new ArrayList<>();
        List<String> questionIds = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        // Every value of every answer, with the (1-based) position of its answer: arrays must be rectangular.
        List<String> valueOf = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            SurveySubmission.Answer answer = answers.get(i);
            QuestionType type = types.get(answer.questionId());
            boolean choices = type == QuestionType.SINGLE_CHOICE || type == QuestionType.MULTIPLE_CHOICE;
            ids.add(Ids.next().toString());
            questionIds.add(answer.questionId());
            kinds.add(choices ? "CHOICES" : "TEXT");
            for (String value : answer.values()) {
                valueOf.add(Integer.toString(i + 1));
                values.add(value);
            }
        }
        return db.sql("""
                        WITH answer AS (
                            SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:questionIds AS text[]),
                                                 CAST(:kinds AS text[]))
                                WITH ORDINALITY AS a(id, question_id, kind, n)),
                        answer_value AS (
                            SELECT CAST(answer_n AS bigint) AS answer_n, value, k
                            FROM unnest(CAST(:valueOf AS text[]), CAST(:answerValues AS text[]))
                                WITH ORDINALITY AS v(answer_n, value, k))
                        INSERT INTO poll_question_answers (id, submission_id, card_id, lko_organisation_id, survey_id,
                                                           question_id, answer_text, answer_choices)
                        SELECT CAST(a.id AS uuid), :submissionId, :cardId, :lkoOrganisationId, :surveyId,
                               a.question_id,
                               CASE WHEN a.kind = 'TEXT' THEN (SELECT v.value FROM answer_value v
                                                               WHERE v.answer_n = a.n ORDER BY v.k LIMIT 1) END,
                               CASE WHEN a.kind = 'CHOICES' THEN ARRAY(SELECT v.value FROM answer_value v
                                                                       WHERE v.answer_n = a.n ORDER BY v.k) END
                        FROM answer a
                        ON CONFLICT (submission_id, question_id) DO NOTHING""")
                .bind("ids", ids.toArray(String[]::new))
                .bind("questionIds", questionIds.toArray(String[]::new))
                .bind("kinds", kinds.toArray(String[]::new))
                .bind("valueOf", valueOf.toArray(String[]::new))
                .bind("answerValues", values.toArray(String[]::new))
                .bind("submissionId", submission.submissionId())
                .bind("cardId", submission.cardId())
                .bind("lkoOrganisationId", submission.lkoOrganisationId())
                .bind("surveyId", submission.surveyId())
                .fetch().rowsUpdated()
                .then();
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
