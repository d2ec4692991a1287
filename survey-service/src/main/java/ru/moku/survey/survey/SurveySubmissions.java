package ru.moku.survey.survey;

import java.time.Instant;
import java.util.List;
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

/**
 * Accepted submissions ({@code survey_submission}): one per card. Accepting one records it and queues its answers for
 * storage in the same transaction (seed 000 steps 19–20), so the 202 never promises answers that are not on their
 * way.
 */
@Repository
class SurveySubmissions {

    /** The source of the messages survey-service publishes. */
    static final String SOURCE = "moku/survey-service";

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Outbox outbox;

    SurveySubmissions(DatabaseClient db, TransactionalOperator tx, Outbox outbox) {
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
