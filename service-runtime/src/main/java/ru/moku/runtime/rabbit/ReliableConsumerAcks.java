package ru.moku.runtime.rabbit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListSet;
import reactor.rabbitmq.AcknowledgableDelivery;

/**
 * The delivery tags of one consumer that are received but not yet settled, per channel, so that the settlements of a
 * batch go to the broker in as few frames as possible: one {@code basic.ack multiple=true} covers every tag up to the
 * highest one acked when no tag below it is still outstanding; anything else is acked one by one.
 *
 * <p>Batches and the per-message fallback settle out of order, so a multiple ack is sent only when it is safe: a tag
 * still outstanding (its effect not committed, a delivery left unstarted by a drain, one still being handled) is
 * never covered. Nacks (dead-letter, requeue) always go one by one and before the acks of the same call, so that a
 * multiple ack never covers a tag meant to be nacked.
 *
 * <p>Delivery tags count per channel: when the consumer subscribes on a new channel (after the connection was lost)
 * {@link #newChannel()} starts a new epoch and forgets the old tags. A delivery of an older epoch is settled alone, on
 * its own (closed or recovered) channel, exactly as before batching; it never moves the current channel's tracking.
 * (On a channel the client recovered by itself the tags go on rising, and an ack of a tag from before the recovery is
 * dropped by the client: the broker has requeued that delivery already.)
 *
 * <p>Thread-safe. Settlements are serialised and write their frames while they hold the lock, so that a concurrent
 * settlement cannot slip a tag between the moment it leaves the outstanding set and the moment its frame is on the
 * wire. {@link #received} takes no lock (it runs on whatever thread requests more deliveries, possibly an event loop,
 * which must not wait for a socket write): a tag received meanwhile is higher than every tag being settled, so a
 * multiple ack — which covers only tags below the ones it settles — cannot cover it.
 */
final class ReliableConsumerAcks {

    /** What to tell the broker about a delivery. */
    enum Outcome {
        ACKED, DEAD_LETTERED, REQUEUED
    }

    /** A delivery as received, with the channel epoch it came on. */
    record Received(AcknowledgableDelivery delivery, long epoch) {

        Received {
            Objects.requireNonNull(delivery, "delivery");
        }

        long tag() {
            return delivery.getEnvelope().getDeliveryTag();
        }
    }

    /** A delivery and what to tell the broker about it. */
    record Settlement(Received received, Outcome outcome) {
    }

    /** How many frames a call wrote, for tests and metrics. */
    record Frames(int multipleAcks, int singleAcks, int nacks) {
    }

    private final ConcurrentSkipListSet<Long> outstanding = new ConcurrentSkipListSet<>();
    private volatile long epoch;

    /** A new channel: the tags of the previous one mean nothing on it. */
    synchronized void newChannel() {
        epoch++;
        outstanding.clear();
    }

    /** Records a delivery as it arrives, before any of it is handled. */
    Received received(AcknowledgableDelivery delivery) {
        Received received = new Received(delivery, epoch);
        outstanding.add(received.tag());
        return received;
    }

    /** Tags received on the current channel and not settled (a delivery left to the broker stays here). */
    int outstanding() {
        return outstanding.size();
    }

    /**
     * Tells the broker about {@code settlements} — call it from a thread that may block on the socket. An error of the
     * channel propagates (the consumer restarts; what was not acked is redelivered).
     */
    synchronized Frames settle(List<Settlement> settlements) {
        int nacks = 0;
        List<Received> acks = new ArrayList<>();
        for (Settlement settlement : settlements) {
            Received received = settlement.received();
            if (received.epoch() == epoch) {
                outstanding.remove(received.tag());
            }
            switch (settlement.outcome()) {
                case ACKED -> acks.add(received);
                case DEAD_LETTERED -> {
                    received.delivery().nack(false);
                    nacks++;
                }
                case REQUEUED -> {
                    received.delivery().nack(true);
                    nacks++;
                }
            }
        }
        Long lowest = outstanding.ceiling(Long.MIN_VALUE);
        long lowestOutstanding = lowest == null ? Long.MAX_VALUE : lowest;
        Received highestCoverable = null;
        int coverable = 0;
        int singleAcks = 0;
        for (Received received : acks) {
            if (received.epoch() == epoch && received.tag() < lowestOutstanding) {
                coverable++;
                if (highestCoverable == null || received.tag() > highestCoverable.tag()) {
                    highestCoverable = received;
                }
            } else {
                received.delivery().ack();
                singleAcks++;
            }
        }
        int multipleAcks = 0;
        if (coverable == 1) {
            highestCoverable.delivery().ack();
            singleAcks++;
        } else if (coverable > 1) {
            // Every tag up to this one is settled: acked before (a repeat is harmless) or in this call.
            highestCoverable.delivery().ack(true);
            multipleAcks++;
        }
        return new Frames(multipleAcks, singleAcks, nacks);
    }
}
