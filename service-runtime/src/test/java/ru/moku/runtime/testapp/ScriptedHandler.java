package ru.moku.runtime.testapp;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.CannotCreateTransactionException;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.rabbit.MessageHandler;

/**
 * Handles a service card by writing a {@code test_effect} row, then fails or not as the test
 * {@linkplain #script scripted} for that card. The row is written <em>before</em> the scripted
 * failure, so a failed attempt that was not rolled back would show up as an extra row.
 */
public class ScriptedHandler implements MessageHandler<ServiceCard> {

    private final DatabaseClient db;
    private final Duration delay;
    private final Map<UUID, Script> scripts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();

    ScriptedHandler(DatabaseClient db, Duration delay) {
        this.db = Objects.requireNonNull(db, "db");
        this.delay = Objects.requireNonNull(delay, "delay");
    }

    /** What the handler does with the card {@code cardId}; unscripted cards succeed. */
    public void script(UUID cardId, Script script) {
        scripts.put(cardId, script);
    }

    /** The cards whose handling has begun (in any attempt). */
    public java.util.Set<UUID> started() {
        return java.util.Set.copyOf(attempts.keySet());
    }

    /** How often the handler was called for {@code cardId} (duplicates found in the inbox never reach it). */
    public int attempts(UUID cardId) {
        AtomicInteger count = attempts.get(cardId);
        return count == null ? 0 : count.get();
    }

    @Override
    public Mono<Void> handle(Envelope<ServiceCard> message) {
        UUID cardId = message.data().cardId();
        int attempt = attempts.computeIfAbsent(cardId, id -> new AtomicInteger()).incrementAndGet();
        Script script = scripts.getOrDefault(cardId, Script.succeed());
        Mono<Void> pause = delay.isZero() ? Mono.empty() : Mono.delay(delay).then();
        return pause
                .then(recordEffect(message))
                .then(Mono.defer(() -> script.outcome(attempt)));
    }

    private Mono<Void> recordEffect(Envelope<ServiceCard> message) {
        return db.sql("INSERT INTO test_effect (card_id, message_id) VALUES (:cardId, :messageId)")
                .bind("cardId", message.data().cardId())
                .bind("messageId", message.id())
                .fetch().rowsUpdated()
                .then();
    }

    /**
     * What happens to one card.
     *
     * @param transientFailures attempts that fail with a {@link Failures.TransientFailure} before one succeeds
     * @param permanent         whether every attempt fails with a {@link Failures.PermanentFailure}
     * @param hangs             attempts that never finish (after writing their effect) before one succeeds
     * @param databaseUnavailable attempts that fail as if the database could not be reached (what a PostgreSQL
     *                          restart looks like to a handler) before one succeeds
     */
    public record Script(int transientFailures, boolean permanent, int hangs, int databaseUnavailable) {

        public Script(int transientFailures, boolean permanent) {
            this(transientFailures, permanent, 0, 0);
        }

        public Script(int transientFailures, boolean permanent, int hangs) {
            this(transientFailures, permanent, hangs, 0);
        }

        /** The first {@code times} attempts cannot get a database connection, the next one succeeds. */
        public static Script failDatabaseUnavailable(int times) {
            return new Script(0, false, 0, times);
        }

        public static Script succeed() {
            return new Script(0, false);
        }

        public static Script failTransiently(int times) {
            return new Script(times, false);
        }

        public static Script failTransientlyForever() {
            return new Script(Integer.MAX_VALUE, false);
        }

        public static Script failPermanently() {
            return new Script(0, true);
        }

        /** The first attempt hangs (a stuck handler), later ones succeed. */
        public static Script hangOnce() {
            return new Script(0, false, 1);
        }

        Mono<Void> outcome(int attempt) {
            if (attempt <= hangs) {
                return Mono.never();
            }
            if (permanent) {
                return Mono.error(new Failures.PermanentFailure("the card is refused for good"));
            }
            if (attempt <= databaseUnavailable) {
                return Mono.error(new CannotCreateTransactionException("Could not open R2DBC Connection for transaction",
                        new R2dbcNonTransientResourceException("Connection refused: 127.0.0.1:5432", "08001")));
            }
            if (attempt <= transientFailures) {
                return Mono.error(new Failures.TransientFailure("partner unavailable, attempt " + attempt));
            }
            return Mono.empty();
        }
    }
}
