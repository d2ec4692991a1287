package ru.moku.cardprocessor.survey;

import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.model.survey.SurveyLinkSent;

/**
 * The survey side of a card in {@code qal}: its link ({@code survey_link}, one per card) and the register of its
 * completed surveys ({@code poll_answer_registers}, one row per submission).
 */
@Repository
class CardSurveyRepository {

    private final DatabaseClient db;

    CardSurveyRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Stores the card's link unless it has one; emits whether it was stored now. */
    Mono<Boolean> storeLink(SurveyClaims claims, String link) {
        return db.sql("""
                        INSERT INTO survey_link (card_id, token_id, survey_id, link, issued_at, expires_at)
                        VALUES (:cardId, :tokenId, :surveyId, :link, :issuedAt, :expiresAt)
                        ON CONFLICT (card_id) DO NOTHING""")
                .bind("cardId", claims.cardId())
                .bind("tokenId", claims.tokenId())
                .bind("surveyId", claims.surveyId())
                .bind("link", link)
                .bind("issuedAt", claims.issuedAt())
                .bind("expiresAt", claims.expiresAt())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** What the gateway needs to send the card's link through SMEV: the link and the card's SMEV message. */
    Mono<SurveyLinkIssued> linkToSend(SurveyClaims claims, String link) {
        return db.sql("SELECT smev_message_id, application_number, service_code FROM service_card WHERE id = :id")
                .bind("id", claims.cardId())
                .map(row -> new SurveyLinkIssued(claims.cardId(), row.get("smev_message_id", String.class),
                        row.get("application_number", String.class), row.get("service_code", String.class), link,
                        claims.expiresAt()))
                .one();
    }

    /** Records that SMEV accepted the link (the first acceptance counts); emits whether the card has a link. */
    Mono<Boolean> markLinkSent(SurveyLinkSent sent) {
        return db.sql("""
                        UPDATE survey_link SET sent_at = coalesce(sent_at, :sentAt),
                                               smev_message_id = coalesce(smev_message_id, :smevMessageId)
                        WHERE card_id = :cardId""")
                .bind("cardId", sent.cardId())
                .bind("sentAt", sent.sentAt())
                .bind("smevMessageId", sent.smevMessageId())
                .fetch().rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** Whether card-processor has the card. */
    Mono<Boolean> cardExists(UUID cardId) {
        return db.sql("SELECT 1 FROM service_card WHERE id = :cardId")
                .bind("cardId", cardId)
                .fetch().first()
                .hasElement();
    }

    /** Adds the completed survey to the card's register, once per submission. */
    Mono<Void> registerCompletion(SurveyCompleted completed) {
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
        return insert.fetch().rowsUpdated().then();
    }
}
