package ru.moku.cardprocessor.survey;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;
import ru.moku.model.survey.SurveyClaims;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkDelivery;
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

    /**
     * Stores the card's link unless it has one; emits what the gateway needs to send it through SMEV — the link and
     * the card's SMEV message — when it was stored now, nothing when the card had a link. One statement: the insert
     * and the read of the card.
     */
    Mono<SurveyLinkIssued> storeLink(SurveyClaims claims, String link) {
        return db.sql("""
                        WITH stored AS (
                            INSERT INTO survey_link (card_id, token_id, survey_id, link, issued_at, expires_at)
                            VALUES (:cardId, :tokenId, :surveyId, :link, :issuedAt, :expiresAt)
                            ON CONFLICT (card_id) DO NOTHING
                            RETURNING card_id)
                        SELECT c.smev_message_id, c.application_number, c.service_code
                        FROM service_card c JOIN stored ON stored.card_id = c.id""")
                .bind("cardId", claims.cardId())
                .bind("tokenId", claims.tokenId())
                .bind("surveyId", claims.surveyId())
                .bind("link", link)
                .bind("issuedAt", claims.issuedAt())
                .bind("expiresAt", claims.expiresAt())
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

    /** The link's SendRequest and current delivery outcome, as it is now. */
    record DeliveryState(String sentAs, SurveyLinkDelivery.Outcome outcome) {
    }

    /** Locks the card's link for a delivery status (statuses of one card are serialised); empty without a link. */
    Mono<DeliveryState> lockDelivery(UUID cardId) {
        return db.sql("SELECT smev_message_id, delivery_outcome FROM survey_link WHERE card_id = :cardId FOR UPDATE")
                .bind("cardId", cardId)
                .map(row -> {
                    String outcome = row.get("delivery_outcome", String.class);
                    return new DeliveryState(row.get("smev_message_id", String.class),
                            outcome == null ? null : SurveyLinkDelivery.Outcome.valueOf(outcome));
                })
                .one();
    }

    /** Adds a status to the card's timeline only (the link's current delivery is final already). */
    Mono<Void> recordDelivery(SurveyLinkDelivery delivery) {
        return bindDelivery(db.sql("""
                        INSERT INTO survey_link_delivery (card_id, smev_message_id, status, outcome, details, received_at)
                        VALUES (:cardId, :smevMessageId, :status, :outcome, :details, :at)"""), delivery)
                .fetch().rowsUpdated().then();
    }

    /**
     * Adds a status to the card's timeline and makes it the link's current delivery (the caller checked that the
     * current one is not final) — one statement.
     */
    Mono<Void> recordAndApplyDelivery(SurveyLinkDelivery delivery) {
        DatabaseClient.GenericExecuteSpec update = bindDelivery(db.sql("""
                        WITH timeline AS (
                            INSERT INTO survey_link_delivery (card_id, smev_message_id, status, outcome, details,
                                                              received_at)
                            VALUES (:cardId, :smevMessageId, :status, :outcome, :details, :at))
                        UPDATE survey_link SET delivery_status = :status, delivery_outcome = :outcome,
                                               delivery_details = :details, delivery_status_at = :at,
                                               delivered_at = :deliveredAt
                        WHERE card_id = :cardId"""), delivery);
        update = delivery.outcome() == SurveyLinkDelivery.Outcome.DELIVERED ? update.bind("deliveredAt", delivery.at())
                : update.bindNull("deliveredAt", Instant.class);
        return update.fetch().rowsUpdated().then();
    }

    private static DatabaseClient.GenericExecuteSpec bindDelivery(DatabaseClient.GenericExecuteSpec spec,
                                                                  SurveyLinkDelivery delivery) {
        spec = spec.bind("cardId", delivery.cardId())
                .bind("smevMessageId", delivery.smevMessageId())
                .bind("status", delivery.status())
                .bind("outcome", delivery.outcome().name())
                .bind("at", delivery.at());
        return delivery.details() == null ? spec.bindNull("details", String.class)
                : spec.bind("details", delivery.details());
    }

    /**
     * Forgets the link's SendRequest and delivery before it is sent again; emits what the gateway needs to send it
     * (empty without a link).
     */
    Mono<SurveyLinkIssued> resetForResend(UUID cardId) {
        return db.sql("""
                        UPDATE survey_link SET sent_at = NULL, smev_message_id = NULL, delivery_status = NULL,
                                               delivery_outcome = NULL, delivery_details = NULL,
                                               delivery_status_at = NULL, delivered_at = NULL
                        WHERE card_id = :cardId""")
                .bind("cardId", cardId)
                .fetch().rowsUpdated()
                .filter(rows -> rows == 1)
                .flatMap(updated -> db.sql("""
                                SELECT l.link, l.expires_at, c.smev_message_id, c.application_number, c.service_code
                                FROM survey_link l JOIN service_card c ON c.id = l.card_id
                                WHERE l.card_id = :cardId""")
                        .bind("cardId", cardId)
                        .map(row -> new SurveyLinkIssued(cardId, row.get("smev_message_id", String.class),
                                row.get("application_number", String.class), row.get("service_code", String.class),
                                row.get("link", String.class), row.get("expires_at", Instant.class)))
                        .one());
    }

    /**
     * Adds the completed survey to the card's register, once per submission; emits whether card-processor has the
     * card (nothing is written for a card it does not have). One statement: the look for the card and the insert.
     */
    Mono<Boolean> registerCompletion(SurveyCompleted completed) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("""
                        WITH card AS (SELECT id FROM service_card WHERE id = :cardId),
                        registered AS (
                            INSERT INTO poll_answer_registers (submission_id, card_id, survey_id, lko_organisation_id,
                                                               answers, completed_at)
                            SELECT :submissionId, id, :surveyId, :lkoOrganisationId, :answers, :completedAt FROM card
                            ON CONFLICT (submission_id) DO NOTHING)
                        SELECT EXISTS (SELECT 1 FROM card) AS known""")
                .bind("submissionId", completed.submissionId())
                .bind("cardId", completed.cardId())
                .bind("surveyId", completed.surveyId())
                .bind("answers", completed.answers())
                .bind("completedAt", completed.completedAt());
        insert = completed.lkoOrganisationId() == null ? insert.bindNull("lkoOrganisationId", UUID.class)
                : insert.bind("lkoOrganisationId", completed.lkoOrganisationId());
        return insert.map(row -> Boolean.TRUE.equals(row.get("known", Boolean.class))).one();
    }
}
