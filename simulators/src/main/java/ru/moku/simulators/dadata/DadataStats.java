package ru.moku.simulators.dadata;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of {@code findById/party} ({@code GET /admin/dadata/stats}). Once no request is in flight,
 * {@code total} = the sum of {@code byStatus} + {@code timeouts}.
 *
 * @param total        requests received, refused ones included
 * @param byStatus     answers by HTTP status ({@code "200"}, {@code "429"}, ...)
 * @param timeouts     requests left unanswered by {@code timeout-rate} (their eventual 504 is not in {@code byStatus})
 * @param byIdentifier requests by the {@code query} of their body (requests refused before the body was read have none)
 */
public record DadataStats(long total, Map<String, Long> byStatus, long timeouts, Map<String, Long> byIdentifier) {

    public DadataStats {
        // Sorted, for a reader of the JSON.
        byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
        byIdentifier = Collections.unmodifiableMap(new TreeMap<>(byIdentifier));
    }

    /** Answers with {@code status} so far. */
    public long withStatus(int status) {
        return byStatus.getOrDefault(String.valueOf(status), 0L);
    }

    /** Requests for {@code identifier} so far. */
    public long forIdentifier(String identifier) {
        return byIdentifier.getOrDefault(identifier, 0L);
    }
}
