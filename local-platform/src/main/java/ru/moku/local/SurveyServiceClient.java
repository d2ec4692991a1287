package ru.moku.local;

import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * survey-service's (ЛКО's) fault injector, for the end-to-end tests and rehearsals (blocking; main threads). It exists
 * only when the platform runs with {@code moku.survey.fault-injection.enabled=true}.
 */
public final class SurveyServiceClient {

    private final AdminHttp http;

    public SurveyServiceClient(String baseUrl) {
        this.http = new AdminHttp(baseUrl);
    }

    /**
     * Makes ЛКО answer 422 to every organisation with one of {@code inns} or {@code mokuOrganisationIds}, replacing
     * the rules in force.
     */
    public void rejections(Collection<String> inns, Collection<UUID> mokuOrganisationIds) {
        http.send("PUT", "/admin/lko/rejections",
                "{\"inns\": " + jsonArray(inns) + ", \"mokuOrganisationIds\": " + jsonArray(mokuOrganisationIds) + "}");
    }

    /** The rules in force as JSON. */
    public String rejections() {
        return http.send("GET", "/admin/lko/rejections", null);
    }

    /** ИНН and UUIDs are digits, letters and dashes: quoting them is all the JSON they need. */
    private static String jsonArray(Collection<?> values) {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
