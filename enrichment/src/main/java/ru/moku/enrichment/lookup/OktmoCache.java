package ru.moku.enrichment.lookup;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;
import ru.moku.enrichment.config.EnrichmentProperties;
import ru.moku.model.party.OktmoOutcome;

/** Table {@code oktmo_lookup}: the latest answer per identifier, served while it has not expired. */
public class OktmoCache {

    private final DatabaseClient db;
    private final EnrichmentProperties.Cache settings;

    public OktmoCache(DatabaseClient db, EnrichmentProperties.Cache settings) {
        this.db = db;
        this.settings = settings;
    }

    /** The stored answer for {@code identifier} if it has not expired; empty otherwise. */
    public Mono<OktmoAnswer> findFresh(PartyIdentifier identifier) {
        return db.sql("SELECT * FROM oktmo_lookup WHERE identifier = :identifier AND expires_at > now()")
                .bind("identifier", identifier.value())
                .map(row -> map(row, true))
                .one();
    }

    /**
     * The stored answers that have not expired, for several identifiers at once (one statement), by identifier;
     * an identifier without a fresh answer is absent.
     */
    public Mono<Map<String, OktmoAnswer>> findFresh(Collection<PartyIdentifier> identifiers) {
        if (identifiers.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] values = identifiers.stream().map(PartyIdentifier::value).distinct().toArray(String[]::new);
        return db.sql("SELECT * FROM oktmo_lookup WHERE identifier = ANY(:identifiers) AND expires_at > now()")
                .bind("identifiers", values)
                .map(row -> map(row, true))
                .all()
                .collectMap(OktmoAnswer::identifier);
    }

    /** Stores {@code answer} as the latest for its identifier, with its outcome's TTL; returns it as stored. */
    public Mono<OktmoAnswer> store(OktmoAnswer answer) {
        DatabaseClient.GenericExecuteSpec insert = db.sql("""
                        INSERT INTO oktmo_lookup (identifier, identifier_kind, outcome, oktmo, reason, attempts,
                                                  incident_id, looked_up_at, expires_at)
                        VALUES (:identifier, :kind, :outcome, :oktmo, :reason, :attempts, :incidentId, now(),
                                now() + :ttlMillis * INTERVAL '1 millisecond')
                        ON CONFLICT (identifier) DO UPDATE SET
                            identifier_kind = EXCLUDED.identifier_kind, outcome = EXCLUDED.outcome,
                            oktmo = EXCLUDED.oktmo, reason = EXCLUDED.reason, attempts = EXCLUDED.attempts,
                            incident_id = EXCLUDED.incident_id, looked_up_at = EXCLUDED.looked_up_at,
                            expires_at = EXCLUDED.expires_at
                        RETURNING *""")
                .bind("identifier", answer.identifier())
                .bind("kind", answer.kind().name())
                .bind("outcome", answer.outcome().name())
                .bind("attempts", answer.attempts())
                .bind("ttlMillis", ttl(answer.outcome()).toMillis());
        insert = answer.oktmo() == null ? insert.bindNull("oktmo", String.class) : insert.bind("oktmo", answer.oktmo());
        insert = answer.reason() == null ? insert.bindNull("reason", String.class) : insert.bind("reason", answer.reason());
        insert = answer.incidentId() == null ? insert.bindNull("incidentId", UUID.class)
                : insert.bind("incidentId", answer.incidentId());
        return insert.map(row -> map(row, false)).one();
    }

    private Duration ttl(OktmoOutcome outcome) {
        return switch (outcome) {
            case FOUND -> settings.foundTtl();
            case NOT_FOUND -> settings.notFoundTtl();
            case FAILED -> Duration.ZERO;
        };
    }

    private static OktmoAnswer map(Readable row, boolean cached) {
        Integer attempts = row.get("attempts", Integer.class);
        return new OktmoAnswer(
                row.get("identifier", String.class),
                PartyIdentifier.Kind.valueOf(row.get("identifier_kind", String.class)),
                OktmoOutcome.valueOf(row.get("outcome", String.class)),
                row.get("oktmo", String.class),
                row.get("reason", String.class),
                attempts == null ? 0 : attempts,
                row.get("incident_id", UUID.class),
                row.get("looked_up_at", OffsetDateTime.class).toInstant(),
                cached);
    }
}
