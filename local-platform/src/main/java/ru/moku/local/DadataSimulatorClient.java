package ru.moku.local;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Dadata simulator's admin API, for the demo driver and the end-to-end tests (blocking; main threads). */
public final class DadataSimulatorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminHttp http;

    public DadataSimulatorClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * What enrichment should conclude for {@code identifier} from the simulator's data: FOUND with the ОКТМО (in the
     * party or only in its address), or NOT_FOUND (unknown party, or a party without any ОКТМО).
     *
     * @param outcome {@code FOUND} or {@code NOT_FOUND}
     * @param oktmo   the ОКТМО when FOUND
     */
    public record Expected(String outcome, String oktmo) {
    }

    public Expected expected(String identifier) {
        HttpResponse<String> response = http.exchange("GET", "/admin/dadata/parties/" + identifier, null);
        if (response.statusCode() == 404) {
            return new Expected("NOT_FOUND", null);
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("party " + identifier + " → " + response.statusCode());
        }
        JsonNode profile = JSON.readTree(response.body());
        JsonNode oktmo = profile.path("oktmo");
        return oktmo.isTextual() ? new Expected("FOUND", oktmo.asText()) : new Expected("NOT_FOUND", null);
    }

    /** Replaces the injected faults, e.g. {@code {"timeoutRate": 0.05, "http503Rate": 0.02}} (absent = off). */
    public void faults(String json) {
        http.send("PUT", "/admin/dadata/faults", json);
    }

    /**
     * The simulator's counters.
     *
     * @param total    requests received
     * @param byStatus answers by HTTP status
     * @param timeouts requests left unanswered on purpose
     * @param byIdentifier requests per ИНН/ОГРН asked
     */
    public record Stats(long total, Map<String, Long> byStatus, long timeouts, Map<String, Long> byIdentifier) {

        public long withStatus(int status) {
            return byStatus.getOrDefault(String.valueOf(status), 0L);
        }
    }

    public Stats stats() {
        JsonNode stats = JSON.readTree(http.send("GET", "/admin/dadata/stats", null));
        Map<String, Long> byStatus = new TreeMap<>();
        stats.path("byStatus").properties().forEach(entry -> byStatus.put(entry.getKey(), entry.getValue().asLong()));
        Map<String, Long> byIdentifier = new TreeMap<>();
        stats.path("byIdentifier").properties()
                .forEach(entry -> byIdentifier.put(entry.getKey(), entry.getValue().asLong()));
        return new Stats(stats.path("total").asLong(), byStatus, stats.path("timeouts").asLong(), byIdentifier);
    }
}
