package ru.moku.gateway.intake;

import java.util.Objects;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.runtime.outbox.Outbox;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes of the intake tables ({@code raw_message}, {@code integration_instance}) and the hand-off
 * of cards to card-processor through the outbox. Every method joins the caller's transaction; the
 * outbox refuses to write outside one.
 */
public class IntakeRepository {

    /** {@link Envelope#source()} of everything the gateway publishes. */
    public static final String MESSAGE_SOURCE = "moku/gateway";

    private final DatabaseClient db;
    private final Outbox outbox;
    private final JsonMapper json;

    public IntakeRepository(DatabaseClient db, Outbox outbox, JsonMapper json) {
        this.db = Objects.requireNonNull(db, "db");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.json = Objects.requireNonNull(json, "json");
    }

    /**
     * Inserts a raw message unless one with the same SMEV message id exists.
     *
     * @return {@code true} if inserted, {@code false} for a duplicate (nothing written)
     */
    public Mono<Boolean> insertRaw(UUID id, String smevMessageId, Source source, String body,
                                   RawMessageStatus status, ProblemType problemType, String error) {
        GenericExecuteSpec insert = db.sql("""
                        INSERT INTO raw_message (id, smev_message_id, source, body, status, problem_type, error)
                        VALUES (:id, :smevMessageId, :source, :body, :status, :problemType, :error)
                        ON CONFLICT (smev_message_id) DO NOTHING""")
                .bind("id", id)
                .bind("source", source.name())
                .bind("body", storable(body))
                .bind("status", status.code());
        insert = nullable(insert, "smevMessageId", smevMessageId);
        insert = nullable(insert, "problemType", problemType == null ? null : problemType.slug());
        insert = nullable(insert, "error", storable(error));
        return insert.fetch().rowsUpdated().map(rows -> rows == 1);
    }

    /** The id of the raw message stored under an SMEV message id. */
    public Mono<UUID> rawMessageIdOf(String smevMessageId) {
        return db.sql("SELECT id FROM raw_message WHERE smev_message_id = :smevMessageId")
                .bind("smevMessageId", smevMessageId)
                .map(row -> row.get("id", UUID.class))
                .one();
    }

    /** Sets the status (and error) of a raw message. */
    public Mono<Void> updateRawStatus(UUID rawMessageId, RawMessageStatus status, String error) {
        return nullable(db.sql("UPDATE raw_message SET status = :status, error = :error, updated_at = now() WHERE id = :id")
                        .bind("id", rawMessageId)
                        .bind("status", status.code()), "error", storable(error))
                .fetch().rowsUpdated().then();
    }

    /**
     * Creates the integration instance of a card (status 1, "in progress") and publishes the card,
     * in the caller's transaction (seed 000 step 4).
     */
    public Mono<Void> handOver(ServiceCard card) {
        return db.sql("""
                        INSERT INTO integration_instance (id, raw_message_id, position, status, card_json)
                        VALUES (:id, :rawMessageId, :position, :status, :cardJson)""")
                .bind("id", card.cardId())
                .bind("rawMessageId", card.rawMessageId())
                .bind("position", card.position())
                .bind("status", InstanceStatus.IN_PROGRESS.code())
                .bind("cardJson", json.writeValueAsString(card))
                .fetch().rowsUpdated()
                .then(publish(card));
    }

    /**
     * Publishes a card: a new envelope (new message id) whose chain is the card id, so a re-published
     * card is a new message for card-processor's inbox but the same card for its store.
     */
    public Mono<Void> publish(ServiceCard card) {
        Envelope<ServiceCard> envelope = Envelope.create(MessageTypes.SERVICE_CARD, MESSAGE_SOURCE,
                card.cardId(), null, card.cardId().toString(), card);
        return outbox.toRabbit(Destinations.SERVICE_CARDS, envelope);
    }

    /** The card as it was published, from its stored JSON. */
    public ServiceCard cardOf(String cardJson) {
        return json.readValue(cardJson, ServiceCard.class);
    }

    private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    /** PostgreSQL text cannot hold NUL; a body with one is still kept, with the NULs made visible. */
    private static String storable(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }
}
