package ru.moku.simulators.dadata;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@code findById/party} received, for tests that count calls ("3 attempts are 3 requests",
 * "single-flight is 1 request"). Each answer is counted when it is decided, before any injected delay, so a
 * request whose client gave up during the delay is counted too. Thread-safe.
 */
final class RequestStats {

    private final LongAdder total = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byIdentifier = new ConcurrentHashMap<>();

    void requestReceived() {
        total.increment();
    }

    /** A request whose body named {@code identifier} (trimmed {@code query}), whatever its answer. */
    void identifierAsked(String identifier) {
        byIdentifier.computeIfAbsent(identifier, key -> new LongAdder()).increment();
    }

    void answered(Answer answer) {
        if (answer.timeout() != null) {
            timeouts.increment();
        } else {
            byStatus.computeIfAbsent(answer.status().value(), key -> new LongAdder()).increment();
        }
    }

    DadataStats snapshot() {
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((status, count) -> statuses.put(String.valueOf(status), count.sum()));
        Map<String, Long> identifiers = new TreeMap<>();
        byIdentifier.forEach((identifier, count) -> identifiers.put(identifier, count.sum()));
        return new DadataStats(total.sum(), statuses, timeouts.sum(), identifiers);
    }

    void reset() {
        total.reset();
        timeouts.reset();
        byStatus.clear();
        byIdentifier.clear();
    }
}
