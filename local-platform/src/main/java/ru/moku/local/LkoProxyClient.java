package ru.moku.local;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API of the ЛКО fault proxy ({@code ru.moku.simulators.lko.LkoProxyApplication}, part
 * {@link Platform.Part#LKO_PROXY}), which stands between org-registry and survey-service (ЛКО) in every platform:
 * makes ЛКО refuse chosen organisations with {@code 422}, for the end-to-end tests and rehearsals (blocking; main
 * threads). survey-service itself has no fault injection.
 */
public final class LkoProxyClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminHttp http;

    public LkoProxyClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * What the proxy counted since it started (or its counters were reset).
     *
     * @param forwarded        requests relayed to ЛКО
     * @param refused          organisations answered 422 by the proxy (never reached ЛКО)
     * @param upstreamFailures requests ЛКО did not answer in time or at all (answered 502)
     */
    public record Stats(long forwarded, long refused, long upstreamFailures) {
    }

    /**
     * Makes ЛКО answer 422 to every organisation with one of {@code inns} or {@code mokuOrganisationIds}, replacing
     * the rules in force.
     */
    public void rejections(Collection<String> inns, Collection<UUID> mokuOrganisationIds) {
        http.send("PUT", "/admin/lko/rejections", JSON.writeValueAsString(Map.of(
                "inns", inns, "mokuOrganisationIds", mokuOrganisationIds)));
    }

    /** The rules in force as JSON, {@code {"inns": […], "mokuOrganisationIds": […]}} (sorted). */
    public String rejections() {
        return http.send("GET", "/admin/lko/rejections", null);
    }

    /** Removes every rule: ЛКО gets every organisation again. */
    public void clearRejections() {
        http.send("DELETE", "/admin/lko/rejections", null);
    }

    public Stats stats() {
        JsonNode stats = JSON.readTree(http.send("GET", "/admin/lko/stats", null));
        return new Stats(stats.path("forwarded").asLong(), stats.path("refused").asLong(),
                stats.path("upstreamFailures").asLong());
    }
}
