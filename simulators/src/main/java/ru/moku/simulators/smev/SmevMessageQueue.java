package ru.moku.simulators.smev;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * The simulated SMEV response queue, with SMEV's at-least-once contract: a delivered message stays
 * until it is acknowledged; if no acknowledgement comes within the redelivery timeout it is delivered
 * again. Delivery is FIFO by the time a copy was queued.
 *
 * <p>A message may be queued more than once under the same MessageId (an injected duplicate): each
 * <em>copy</em> is delivered and acknowledged on its own, as a real duplicate from SMEV would be.
 *
 * <p>Thread-safe without locks: each copy is an immutable value in a concurrent map, and every state
 * change is a compare-and-set on that value, so two concurrent polls never deliver the same copy.
 * {@link #clear()} is not atomic with respect to concurrent calls (it is a test-setup operation).
 */
@Component
class SmevMessageQueue {

    private final ConcurrentMap<Long, Copy> copies = new ConcurrentHashMap<>();
    /** Keys of copies in the order they were queued; keys of removed copies are dropped lazily by polls. */
    private final ConcurrentLinkedDeque<Long> order = new ConcurrentLinkedDeque<>();
    /** MessageId → keys of its copies, so an acknowledgement does not scan the queue. */
    private final ConcurrentMap<String, List<Long>> keysByMessageId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> ackedAt = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong();

    private final LongAdder delivered = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder duplicatesInjected = new LongAdder();
    private final LongAdder acksDropped = new LongAdder();

    /**
     * One queued copy of a message.
     *
     * @param invisibleUntil null until delivered; then the instant from which it may be delivered again
     * @param duplicate      whether this copy was injected as a duplicate of an earlier delivery
     */
    private record Copy(long key, SmevMessage message, int deliveries, Instant invisibleUntil, boolean duplicate) {

        boolean deliverableAt(Instant now) {
            return invisibleUntil == null || !now.isBefore(invisibleUntil);
        }

        Copy deliveredAt(Instant now, Duration redeliveryTimeout) {
            return new Copy(key, message, deliveries + 1, now.plus(redeliveryTimeout), duplicate);
        }
    }

    /**
     * A message handed out by {@link #poll}.
     *
     * @param message    the message
     * @param redelivery whether this MessageId had been delivered before
     */
    record Delivery(SmevMessage message, boolean redelivery) {
    }

    /** The answer to an acknowledgement. */
    enum AckOutcome {
        /** A delivered copy was removed for good. */
        ACKED,
        /** Nothing delivered is waiting, but the MessageId was acknowledged before: a repeated Ack, harmless. */
        ALREADY_ACKED,
        /** No delivered copy of this MessageId: SMEV answers {@code TargetMessageIsNotFound}. */
        NOT_FOUND
    }

    /** Appends {@code message} to the queue. */
    void enqueue(SmevMessage message) {
        add(message, false);
    }

    /**
     * Delivers the oldest deliverable copy, making it invisible for {@code redeliveryTimeout}.
     *
     * @param duplicate whether to queue a second copy of the message if this is its first delivery
     *                  (the duplicate itself never spawns another)
     */
    Optional<Delivery> poll(Instant now, Duration redeliveryTimeout, boolean duplicate) {
        for (Iterator<Long> keys = order.iterator(); keys.hasNext(); ) {
            Long key = keys.next();
            Copy copy = copies.get(key);
            if (copy == null) {
                keys.remove();
                continue;
            }
            if (!copy.deliverableAt(now) || !copies.replace(key, copy, copy.deliveredAt(now, redeliveryTimeout))) {
                // Invisible, or another poll claimed it just now.
                continue;
            }
            boolean redelivery = copy.deliveries() > 0 || copy.duplicate();
            delivered.increment();
            if (redelivery) {
                redelivered.increment();
            } else if (duplicate) {
                add(copy.message(), true);
                duplicatesInjected.increment();
            }
            return Optional.of(new Delivery(copy.message(), redelivery));
        }
        return Optional.empty();
    }

    /**
     * Acknowledges the oldest delivered copy of {@code messageId}: removes it, unless {@code drop}
     * (then the acknowledgement is lost and the copy will be redelivered after its timeout).
     */
    AckOutcome ack(String messageId, Instant now, boolean drop) {
        while (true) {
            Optional<Copy> target = oldestDeliveredCopy(messageId);
            if (target.isEmpty()) {
                return ackedAt.containsKey(messageId) ? AckOutcome.ALREADY_ACKED : AckOutcome.NOT_FOUND;
            }
            Copy copy = target.get();
            if (drop) {
                acksDropped.increment();
                return AckOutcome.ACKED;
            }
            if (copies.remove(copy.key(), copy)) {
                forgetKey(messageId, copy.key());
                ackedAt.putIfAbsent(messageId, now);
                acked.increment();
                return AckOutcome.ACKED;
            }
            // A concurrent poll redelivered this copy between our read and the removal: look again.
        }
    }

    /** Acknowledged MessageIds, in the order of their first acknowledgement. */
    List<String> ackedIds() {
        List<Map.Entry<String, Instant>> entries = new ArrayList<>(ackedAt.entrySet());
        entries.sort(Map.Entry.<String, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        return entries.stream().map(Map.Entry::getKey).toList();
    }

    SmevStats stats(Instant now, long sendRequestsReceived) {
        int queued = 0;
        int inFlight = 0;
        for (Copy copy : copies.values()) {
            if (copy.deliverableAt(now)) {
                queued++;
            } else {
                inFlight++;
            }
        }
        return new SmevStats(queued, inFlight, delivered.sum(), redelivered.sum(), acked.sum(),
                sendRequestsReceived, duplicatesInjected.sum(), acksDropped.sum());
    }

    /** Forgets every message, acknowledgement and counter. */
    void clear() {
        copies.clear();
        order.clear();
        keysByMessageId.clear();
        ackedAt.clear();
        for (LongAdder counter : List.of(delivered, redelivered, acked, duplicatesInjected, acksDropped)) {
            counter.reset();
        }
    }

    private void add(SmevMessage message, boolean duplicate) {
        long key = nextKey.incrementAndGet();
        copies.put(key, new Copy(key, message, 0, null, duplicate));
        keysByMessageId.merge(message.messageId(), List.of(key), SmevMessageQueue::concat);
        order.addLast(key);
    }

    private Optional<Copy> oldestDeliveredCopy(String messageId) {
        return keysByMessageId.getOrDefault(messageId, List.of()).stream()
                .map(copies::get)
                .filter(copy -> copy != null && copy.deliveries() > 0)
                .min(Comparator.comparingLong(Copy::key));
    }

    private void forgetKey(String messageId, long key) {
        keysByMessageId.computeIfPresent(messageId, (id, keys) -> {
            List<Long> rest = keys.stream().filter(k -> k != key).toList();
            return rest.isEmpty() ? null : rest;
        });
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
