package ru.moku.gateway.surveylink;

import java.time.Instant;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * {@code smev.sent_request}: each SendRequest of ours, by our MessageID, with the card it was for — how an answer
 * about it ({@code OriginalMessageId}) finds its card. Recorded before the first attempt to send it ({@code sent_at} =
 * that time), not after SMEV accepted it: SMEV's status may be pulled before the sender's transaction commits. A
 * request SMEV never took stays recorded; nothing answers about it.
 */
public class SentRequests {

    /** The purpose of a survey link's SendRequest. */
    static final String SURVEY_LINK = "SURVEY_LINK";

    private final DatabaseClient db;

    public SentRequests(DatabaseClient db) {
        this.db = db;
    }

    /** Records a SendRequest about to be sent (again, e.g. a retry: nothing changes); joins a transaction if any. */
    Mono<Void> record(String messageId, UUID cardId, Instant sentAt) {
        return db.sql("""
                        INSERT INTO sent_request (message_id, card_id, purpose, sent_at)
                        VALUES (:messageId, :cardId, :purpose, :sentAt)
                        ON CONFLICT (message_id) DO NOTHING""")
                .bind("messageId", messageId)
                .bind("cardId", cardId)
                .bind("purpose", SURVEY_LINK)
                .bind("sentAt", sentAt)
                .fetch().rowsUpdated()
                .then();
    }

    /** The card of a survey link's SendRequest sent as {@code messageId}; empty when it is not one of ours. */
    Mono<UUID> surveyLinkCard(String messageId) {
        return db.sql("SELECT card_id FROM sent_request WHERE message_id = :messageId AND purpose = :purpose")
                .bind("messageId", messageId)
                .bind("purpose", SURVEY_LINK)
                .map(row -> row.get("card_id", UUID.class))
                .one();
    }
}
