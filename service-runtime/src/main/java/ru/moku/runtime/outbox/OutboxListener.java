package ru.moku.runtime.outbox;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The one {@code LISTEN} connection of this process: other replicas of the service announce their outbox commits with
 * {@code pg_notify} (see {@link Outbox}), and this listener rings the local relays ({@link OutboxWakeups}). It holds one
 * PostgreSQL connection of its own, outside the pool, for as long as the service runs.
 *
 * <p>If the connection drops (PostgreSQL restarted, the backend terminated, the network cut) it connects again with
 * exponential backoff, and rings every relay once it listens again: notifications sent meanwhile were lost, the rows
 * were not. Until then the relays' slow poll still finds every row.
 */
public final class OutboxListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxListener.class);

    private final ConnectionFactory connections;
    private final OutboxWakeups wakeups;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final AtomicLong sessions = new AtomicLong();
    private volatile Disposable subscription;

    /**
     * @param connections  PostgreSQL connections (a pool is unwrapped: the listener's connection is never pooled)
     * @param wakeups      the relays to ring
     * @param firstBackoff first pause before connecting again; doubles up to {@code maxBackoff}
     */
    public OutboxListener(ConnectionFactory connections, OutboxWakeups wakeups, Duration firstBackoff,
                          Duration maxBackoff) {
        this.connections = unpooled(Objects.requireNonNull(connections, "connections"));
        this.wakeups = Objects.requireNonNull(wakeups, "wakeups");
        this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
        this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** The connection factory under a pool (r2dbc-pool's {@code ConnectionPool} is {@link Wrapped}). */
    @SuppressWarnings("unchecked")
    private static ConnectionFactory unpooled(ConnectionFactory factory) {
        ConnectionFactory current = factory;
        for (int depth = 0; depth < 8 && current instanceof Wrapped<?> wrapped
                && wrapped.unwrap() instanceof ConnectionFactory inner; depth++) {
            current = inner;
        }
        return current;
    }

    /** How many times a LISTEN session was set up (1 after start, one more per reconnection); for tests. */
    public long sessions() {
        return sessions.get();
    }

    /** Listens on one connection until it drops; then fails, so that the caller connects again. */
    private Flux<Long> session() {
        return Flux.usingWhen(Mono.from(connections.create()),
                connection -> {
                    if (!(connection instanceof PostgresqlConnection postgres)) {
                        return Flux.error(new IllegalStateException("LISTEN needs r2dbc-postgresql, got "
                                + connection.getClass().getName()));
                    }
                    // Notifications are taken before LISTEN is sent, so that none falls between the two.
                    Flux<Long> notifications = postgres.getNotifications()
                            .doOnNext(notification -> wakeups.wakeFor(notification.getParameter()))
                            .thenMany(Flux.error(() -> new ListenerLost("the LISTEN connection closed")));
                    Flux<Long> listening = postgres.createStatement("LISTEN \"" + wakeups.channel() + "\"").execute()
                            .flatMap(PostgresqlResult::getRowsUpdated)
                            .then(Mono.fromCallable(() -> {
                                long session = sessions.incrementAndGet();
                                log.info("Outbox listener listens on {} (session {})", wakeups.channel(), session);
                                // Whatever was announced while nobody listened: look now.
                                wakeups.wakeAll();
                                return session;
                            }))
                            .flux();
                    // The session number resets the reconnection backoff.
                    return Flux.merge(notifications, listening);
                },
                Connection::close,
                (connection, error) -> Mono.from(connection.close()).onErrorResume(e -> Mono.empty()),
                connection -> Mono.from(connection.close()).onErrorResume(e -> Mono.empty()));
    }

    @Override
    public synchronized void start() {
        if (subscription != null) {
            return;
        }
        subscription = Flux.defer(this::session)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, firstBackoff).maxBackoff(maxBackoff)
                        .transientErrors(true)
                        .doBeforeRetry(signal -> log.warn("Outbox listener lost its connection, connects again: {}",
                                signal.failure().toString())))
                .subscribe(ignored -> { }, error -> log.error("Outbox listener stopped", error));
    }

    @Override
    public synchronized void stop() {
        if (subscription != null) {
            subscription.dispose();
            subscription = null;
        }
    }

    @Override
    public boolean isRunning() {
        return subscription != null && !subscription.isDisposed();
    }

    /** Starts before and stops after the relays, which it wakes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 300;
    }

    /** The listening connection went away. */
    static final class ListenerLost extends RuntimeException {
        ListenerLost(String message) {
            super(message);
        }
    }
}
