package ru.moku.benchmarks.enrichment;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts lookups as they end, from any thread: found, not found (Dadata knows no party or it has no
 * ОКТМО — both a valid answer), failed; the latency of each answered lookup; the 429s the client saw.
 */
final class LookupTally {

    /** How a lookup ended. */
    enum Outcome { FOUND, NOT_FOUND, FAILED }

    private final long[] latencies;
    private final AtomicInteger answered = new AtomicInteger();
    private final LongAdder found = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder tooManyRequests = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** By exception type: a circuit breaker that opened hides the failures that opened it behind its own. */
    private final Map<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();
    private final Map<String, String> firstFailureByKind = new ConcurrentHashMap<>();
    private final long started = System.nanoTime();
    private final AtomicIntegerArray answersBySecond;
    private final AtomicIntegerArray tooManyRequestsBySecond;
    private final AtomicLong lastEnded = new AtomicLong();

    /** @param capacity the most lookups whose latency is kept */
    LookupTally(int capacity) {
        this(capacity, 0);
    }

    /**
     * @param capacity the most lookups whose latency is kept
     * @param seconds  how many seconds from now to count answers and 429s per second (a timed run); 0 = none
     */
    LookupTally(int capacity, int seconds) {
        this.latencies = new long[capacity];
        this.answersBySecond = new AtomicIntegerArray(seconds);
        this.tooManyRequestsBySecond = new AtomicIntegerArray(seconds);
    }

    void add(Outcome outcome, long nanos, Throwable failure) {
        switch (outcome) {
            case FOUND -> found.increment();
            case NOT_FOUND -> notFound.increment();
            case FAILED -> {
                failed.increment();
                String text = failure == null ? "unknown" : abbreviate(failure.toString());
                firstFailure.compareAndSet(null, text);
                String kind = failure == null ? "unknown" : failure.getClass().getSimpleName();
                failuresByKind.computeIfAbsent(kind, key -> new LongAdder()).increment();
                firstFailureByKind.putIfAbsent(kind, text);
            }
        }
        if (outcome != Outcome.FAILED) {
            countThisSecond(answersBySecond);
        }
        lastEnded.accumulateAndGet(System.nanoTime(), Math::max);
        int index = answered.getAndIncrement();
        if (index < latencies.length) {
            latencies[index] = nanos;
        }
    }

    /** One 429 answer received (a lookup may see several before it succeeds). */
    void tooManyRequests() {
        tooManyRequests.increment();
        countThisSecond(tooManyRequestsBySecond);
    }

    private void countThisSecond(AtomicIntegerArray counts) {
        long second = (System.nanoTime() - started) / 1_000_000_000L;
        if (second < counts.length()) {
            counts.incrementAndGet((int) second);
        }
    }

    int answered() {
        return answered.get();
    }

    /** The {@link System#nanoTime()} at which the last lookup so far ended; 0 before any. */
    long lastEnded() {
        return lastEnded.get();
    }

    /**
     * The figures of a run.
     *
     * @param requested       lookups started (for a timed run: started before its end; some ended after it)
     * @param found           answered with an ОКТМО
     * @param notFound        answered without one (unknown party, party without ОКТМО)
     * @param failed          ended in an error (after the retries of {@code ResilientCalls}, for the reactive client)
     * @param tooManyRequests 429 answers the client received (a timed run: also those of lookups that ended after it)
     * @param elapsed         from the first lookup started to the last one ended (a timed run: its duration)
     * @param latencyNanos    each ended lookup's latency, sorted
     * @param firstFailure    the first failure, null if none
     * @param failuresByKind  failures by exception type, each with its count and its first message
     * @param answersBySecond answers in each second of a timed run (empty otherwise)
     * @param tooManyRequestsBySecond 429s in each second of a timed run (empty otherwise)
     */
    record Result(int requested, long found, long notFound, long failed, long tooManyRequests, Duration elapsed,
                  long[] latencyNanos, String firstFailure, Map<String, String> failuresByKind,
                  int[] answersBySecond, int[] tooManyRequestsBySecond) {

        long answered() {
            return found + notFound;
        }

        boolean complete() {
            return failed == 0 && answered() == requested;
        }

        double lookupsPerSecond() {
            return answered() / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** The given percentile (0..100) of the latencies, in milliseconds; NaN without any. */
        double latencyMillis(double percentile) {
            if (latencyNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * latencyNanos.length) - 1;
            return latencyNanos[Math.max(0, Math.min(latencyNanos.length - 1, rank))] / 1e6;
        }
    }

    Result result(int requested, Duration elapsed) {
        long[] sorted = Arrays.copyOf(latencies, Math.min(answered.get(), latencies.length));
        Arrays.sort(sorted);
        Map<String, String> kinds = new TreeMap<>();
        failuresByKind.forEach((kind, count) -> kinds.put(kind, count.sum() + " × " + firstFailureByKind.get(kind)));
        return new Result(requested, found.sum(), notFound.sum(), failed.sum(), tooManyRequests.sum(), elapsed,
                sorted, firstFailure.get(), kinds, toArray(answersBySecond), toArray(tooManyRequestsBySecond));
    }

    private static int[] toArray(AtomicIntegerArray counts) {
        int[] values = new int[counts.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = counts.get(i);
        }
        return values;
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
