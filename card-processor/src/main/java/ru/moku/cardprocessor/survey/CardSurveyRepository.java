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

    /** Adds a status to the card's timeline. */
    Mono<Void> recordDelivery(SurveyLinkDelivery delivery) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("""
                        INSERT INTO survey_link_delivery (card_id, smev_message_id, status, outcome, details, received_at)
                        VALUES (:cardId, :smevMessageId, :status, :outcome, :details, :receivedAt)""")
                .bind("cardId", delivery.cardId())
                .bind("smevMessageId", delivery.smevMessageId())
                .bind("status", delivery.status())
                .bind("outcome", delivery.outcome().name())
                .bind("receivedAt", delivery.at());
        insert = delivery.details() == null ? insert.bindNull("details", String.class)
                : insert.bind("details", delivery.details());
        return insert.fetch().rowsUpdated().then();
    }

    /** Makes {@code delivery} the link's current one (the caller checked that the current one is not final). */
    Mono<Void> updateDelivery(SurveyLinkDelivery delivery) {
        DatabaseClient.GenericExecuteSpec update = db.sql("""
                        UPDATE survey_link SET delivery_status = :status, delivery_outcome = :outcome,
                                               delivery_details = :details, delivery_status_at = :at,
                                               delivered_at = :deliveredAt
                        WHERE card_id = :cardId""")
                .bind("cardId", delivery.cardId())
                .bind("status", delivery.status())
                .bind("outcome", delivery.outcome().name())
                .bind("at", delivery.at());
        update = delivery.outcome() == SurveyLinkDelivery.Outcome.DELIVERED ? update.bind("deliveredAt", delivery.at())
                : update.bindNull("deliveredAt", Instant.class);
        update = delivery.details() == null ? update.bindNull("details", String.class)
                : update.bind("details", delivery.details());
        return update.fetch().rowsUpdated().then();
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
