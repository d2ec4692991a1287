package ru.moku.simulators.smev;

import java.time.Clock;
import java.util.random.RandomGenerator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids the way SMEV's methodological recommendations ask for them: RFC 4122 version 1 UUIDs
 * (time-based), lower-case as {@code basic:UUID} requires.
 *
 * <p>Also avoids {@link UUID#randomUUID()}, whose {@code SecureRandom} may read {@code /dev/urandom}
 * on an event-loop thread. The node is random (with the multicast bit set, as RFC 4122 §4.5 asks
 * for a node that is not a MAC address); timestamps are strictly increasing within the process.
 * Thread-safe.
 */
final class MessageIds {

    /** 100-ns intervals between the Gregorian reform (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;

    private final Clock clock;
    private final long clockSequenceAndNode;
    private final AtomicLong lastTimestamp = new AtomicLong();

    MessageIds(Clock clock, RandomGenerator random) {
        this.clock = clock;
        long clockSequence = random.nextInt(1 << 14);
        long node = (random.nextLong() & 0xFFFF_FFFF_FFFFL) | 0x0100_0000_0000L;
        this.clockSequenceAndNode = (0x8000L | clockSequence) << 48 | node;
    }

    /** A new, unique version 1 UUID as a string. */
    String next() {
        long now = clock.millis() * 10_000 + GREGORIAN_OFFSET;
        long timestamp = lastTimestamp.updateAndGet(last -> Math.max(last + 1, now));
        long timeLow = timestamp & 0xFFFF_FFFFL;
        long timeMid = (timestamp >>> 32) & 0xFFFFL;
        long timeHigh = (timestamp >>> 48) & 0x0FFFL;
        long mostSignificant = timeLow << 32 | timeMid << 16 | 0x1000L | timeHigh;
        return new UUID(mostSignificant, clockSequenceAndNode).toString();
    }
}
