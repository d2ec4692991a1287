package ru.moku.local;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the ЛКП front-end does with a survey link (seed 000 steps 16–18), for the demo driver and the end-to-end tests
 * (blocking; main threads): reads the links SMEV carried to ЛК ЕПГУ from the SMEV simulator, fetches the questionnaire
 * through the gateway's public API and posts answers to it.
 */
public final class LkpClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminHttp gateway;
    private final AdminHttp smev;
    private final String origin;

    /**
     * @param gatewayUrl       the gateway (the only service behind the ingress)
     * @param smevSimulatorUrl the SMEV simulator, whose journal holds the notifications sent
     * @param origin           the ЛКП origin the gateway allows (sent as {@code Origin})
     */
    public LkpClient(String gatewayUrl, String smevSimulatorUrl, String origin) {
        this.gateway = new AdminHttp(gatewayUrl);
        this.smev = new AdminHttp(smevSimulatorUrl);
        this.origin = origin;
    }

    /** A survey link as ЛК ЕПГУ received it. */
    public record Link(String applicationNumber, String link) {

        /** The token: the link's last path segment. */
        public String token() {
            return link.substring(link.lastIndexOf('/') + 1);
        }
    }

    /** The survey links SMEV accepted so far, newest first (at most 10,000). */
    public List<Link> links() {
        JsonNode sent = JSON.readTree(smev.send("GET", "/admin/smev/sent-requests?limit=10000", null));
        List<Link> links = new ArrayList<>();
        for (JsonNode request : sent) {
            JsonNode notification = request.path("notification");
            if (notification.hasNonNull("link")) {
                links.add(new Link(notification.path("applicationNumber").asText(), notification.path("link").asText()));
            }
        }
        return links;
    }

    /** An HTTP answer of the public API. */
    public record Answer(int status, JsonNode body) {
    }

    /** {@code GET /api/v1/surveys/{token}}. */
    public Answer questionnaire(String token) {
        return answer(gateway.exchange("GET", "/api/v1/surveys/" + token, null, Map.of("Origin", origin)));
    }

    /** {@code POST /api/v1/surveys/{token}/answers} with {@code body}. */
    public Answer submit(String token, String body) {
        return answer(gateway.exchange("POST", "/api/v1/surveys/" + token + "/answers", body,
                Map.of("Origin", origin)));
    }

    /**
     * Answers every question of the questionnaire validly (the best rating, the first choice, a short text) — what a
     * satisfied applicant would post.
     */
    public Answer answerEverything(String token) {
        Answer questionnaire = questionnaire(token);
        if (questionnaire.status() != 200) {
            return questionnaire;
        }
        StringBuilder answers = new StringBuilder("{\"answers\":[");
        for (JsonNode question : questionnaire.body().path("questions")) {
            if (answers.charAt(answers.length() - 1) != '[') {
                answers.append(',');
            }
            answers.append("{\"questionId\":").append(JSON.writeValueAsString(question.path("id").asText()))
                    .append(",\"values\":[").append(JSON.writeValueAsString(valueFor(question))).append("]}");
        }
        return submit(token, answers.append("]}").toString());
    }

    private static String valueFor(JsonNode question) {
        return switch (question.path("type").asText()) {
            case "RATING" -> "5";
            case "SINGLE_CHOICE", "MULTIPLE_CHOICE" -> question.path("choices").path(0).path("id").asText();
            default -> "Всё хорошо, спасибо";
        };
    }

    private static Answer answer(HttpResponse<String> response) {
        String body = response.body();
        return new Answer(response.statusCode(), body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body));
    }
}
