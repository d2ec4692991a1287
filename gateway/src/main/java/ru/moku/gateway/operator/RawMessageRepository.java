package ru.moku.gateway.operator;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.intake.InstanceStatus;
import ru.moku.gateway.intake.ProblemType;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.intake.Source;
import ru.moku.model.intake.CardOutcome;
import ru.moku.runtime.web.Keyset;

/** Read side of the intake tables for the operator API (the intake writes them through {@code IntakeRepository}). */
public class RawMessageRepository {

    private static final String RAW_COLUMNS =
            "id, smev_message_id, source, status, problem_type, error, received_at, updated_at";

    private final DatabaseClient db;

    public RawMessageRepository(DatabaseClient db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** One raw message with its instances; empty if unknown. */
    public Mono<RawMessageView> find(UUID id) {
        return db.sql("SELECT " + RAW_COLUMNS + " FROM raw_message WHERE id = :id")
                .bind("id", id)
                .map(RawMessageRepository::raw)
                .one()
                .flatMap(raw -> instancesOf(id).collectList().map(raw::withInstances));
    }

    /** The stored body of a raw message; empty if unknown. */
    public Mono<String> body(UUID id) {
        return db.sql("SELECT body FROM raw_message WHERE id = :id")
                .bind("id", id)
                .map(row -> row.get("body", String.class))
                .one();
    }

    /**
     * Raw messages, newest first ({@code received_at}, then {@code id}, both descending: a stable order), optionally
     * only those with {@code status} or SMEV id, starting after {@code after} (keyset paging), at most {@code limit}.
     */
    public Flux<RawMessageView> list(RawMessageStatus status, String smevMessageId, Optional<Keyset.Position> after,
                                     int limit) {
        DatabaseClient.GenericExecuteSpec query = db.sql("SELECT " + RAW_COLUMNS + " FROM raw_message"
                        + " WHERE (CAST(:status AS SMALLINT) IS NULL OR status = :status)"
                        + " AND (CAST(:smevMessageId AS TEXT) IS NULL OR smev_message_id = :smevMessageId)"
                        + " AND (CAST(:afterAt AS TIMESTAMPTZ) IS NULL OR (received_at, id) < (:afterAt, :afterId))"
                        + " ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit);
        query = status == null ? query.bindNull("status", Short.class) : query.bind("status", status.code());
        query = smevMessageId == null ? query.bindNull("smevMessageId", String.class)
                : query.bind("smevMessageId", smevMessageId);
        if (after.isPresent()) {
            query = query.bind("afterAt", after.get().at().atOffset(ZoneOffset.UTC)).bind("afterId", after.get().id());
        } else {
            query = query.bindNull("afterAt", OffsetDateTime.class).bindNull("afterId", UUID.class);
        }
        return query.map(RawMessageRepository::raw).all();
    }

    private Flux<RawMessageView.InstanceView> instancesOf(UUID rawMessageId) {
        return db.sql("""
                        SELECT id, position, status, outcome, error, publish_count, created_at, updated_at
                        FROM integration_instance WHERE raw_message_id = :id ORDER BY position""")
                .bind("id", rawMessageId)
                .map(row -> new RawMessageView.InstanceView(
                        row.get("id", UUID.class),
                        row.get("position", Integer.class),
                        StatusView.of(InstanceStatus.ofCode(row.get("status", Short.class))),
                        enumOrNull(row.get("outcome", String.class), CardOutcome.Result::valueOf),
                        row.get("error", String.class),
                        row.get("publish_count", Integer.class),
                        instant(row, "created_at"),
                        instant(row, "updated_at")))
                .all();
    }

    private static RawMessageView raw(Readable row) {
        return new RawMessageView(
                row.get("id", UUID.class),
                row.get("smev_message_id", String.class),
                Source.valueOf(row.get("source", String.class)),
                StatusView.of(RawMessageStatus.ofCode(row.get("status", Short.class))),
                enumOrNull(row.get("problem_type", String.class), ProblemType::ofSlug),
                row.get("error", String.class),
                instant(row, "received_at"),
                instant(row, "updated_at"),
                null);
    }

    private static <T> T enumOrNull(String stored, Function<String, T> parse) {
        return stored == null ? null : parse.apply(stored);
    }

    private static Instant instant(Readable row, String column) {
        return row.get(column, OffsetDateTime.class).toInstant();
    }
}
