package ru.moku.runtime.outbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The in-process doorbell of the outbox relays: {@link Outbox} rings it after a transaction that appended rows has
 * committed, {@link OutboxListener} rings it when another process announces its commit ({@code NOTIFY}). A ring only
 * says "look now"; what to publish is always read from the table, so a lost or extra ring costs at most one poll
 * interval or one empty query — never a message. Each relay coalesces the rings that arrive while it is busy.
 */
public final class OutboxWakeups {

    private final Map<Transport, Set<FluxSink<Transport>>> listeners = new EnumMap<>(Transport.class);
    private final String origin;
    private final String channel;

    /**
     * @param channel the PostgreSQL notification channel of this service's outbox ({@code LISTEN}/{@code NOTIFY});
     *                every replica of the service uses the same one
     */
    public OutboxWakeups(String channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.origin = UUID.randomUUID().toString();
        for (Transport transport : Transport.values()) {
            listeners.put(transport, new CopyOnWriteArraySet<>());
        }
    }

    /** The notification channel name for a service: one per service, shared by its replicas. */
    public static String channelFor(String serviceName) {
        String name = "moku_outbox_" + serviceName.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase();
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    public String channel() {
        return channel;
    }

    /** This process's id in notification payloads: its own notifications need no second ring. */
    public String origin() {
        return origin;
    }

    /** The payload announcing rows for {@code transport} from this process. */
    public String payload(Transport transport) {
        return transport.name() + "/" + origin;
    }

    /** Rings the relays of {@code transport}. Never blocks, never fails; a relay that is not listening misses it. */
    public void wake(Transport transport) {
        // A FluxSink takes rings from several threads at once without spinning: a ring that meets another being
        // delivered is queued and handed on by that thread.
        for (FluxSink<Transport> listener : listeners.get(transport)) {
            listener.next(transport);
        }
    }

    /** Rings every relay (a missed notification may have been for any of them). */
    public void wakeAll() {
        for (Transport transport : Transport.values()) {
            wake(transport);
        }
    }

    /**
     * Handles a notification payload: rings the transport it names unless this process sent it (its relays were
     * rung after its own commit already). An unreadable payload rings every relay.
     */
    public void wakeFor(String payload) {
        if (payload == null || payload.isEmpty()) {
            wakeAll();
            return;
        }
        int slash = payload.indexOf('/');
        String transport = slash < 0 ? payload : payload.substring(0, slash);
        String sender = slash < 0 ? "" : payload.substring(slash + 1);
        if (origin.equals(sender)) {
            return;
        }
        try {
            wake(Transport.valueOf(transport));
        } catch (IllegalArgumentException unknown) {
            wakeAll();
        }
    }

    /**
     * The rings for the relays of {@code transport}, from the subscription on. Coalescing: a subscriber that is busy
     * gets only the latest ring it missed.
     */
    public Flux<Transport> signals(Transport transport) {
        Set<FluxSink<Transport>> forTransport = listeners.get(transport);
        return Flux.create(sink -> {
            forTransport.add(sink);
            sink.onDispose(() -> forTransport.remove(sink));
        }, FluxSink.OverflowStrategy.LATEST);
    }
}
