package ru.moku.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for survey-service's public endpoints on a random port, answering as survey-service does: the
 * questionnaire (200), accepted answers (202 {@code {"submissionId"}}), and, by a word in the answers' body,
 * {@code conflict} → 409, {@code invalid} → 422 (problem+json), {@code slow} → 202 after {@link #SLOW}.
 * Records what reached it.
 */
public final class SurveyServiceStub implements AutoCloseable {

    public static final Duration SLOW = Duration.ofSeconds(15);
    public static final String QUESTIONNAIRE = "{\"surveyId\":\"default\",\"questions\":[{\"id\":\"q1\",\"text\":\"Оцените\"}]}";
    public static final String CONFLICT = "{\"type\":\"https://moku-platform/problems/already-answered\","
            + "\"title\":\"Already answered\",\"status\":409}";
    public static final String INVALID = "{\"type\":\"https://moku-platform/problems/invalid-answers\","
            + "\"title\":\"Invalid answers\",\"status\":422,\"errors\":[{\"question\":\"q1\"}]}";

    /** A request that reached the stub. */
    public record Received(String method, String path, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Every request that reached the stub, recorded as soon as it arrives (before its body is read): "METHOD path". */
    private final List<String> arrived = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    public SurveyServiceStub() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/api/v1/surveys/{token}", this::questionnaire)
                        .post("/api/v1/surveys/{token}/answers", this::answers))
                .bindNow(Duration.ofSeconds(10));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every request that arrived, even one whose body never came completely ("METHOD path"). */
    public List<String> arrived() {
        return List.copyOf(arrived);
    }

    private Mono<Void> questionnaire(HttpServerRequest request, HttpServerResponse response) {
        arrived.add("GET " + request.fullPath());
        received.add(new Received("GET", request.fullPath(), ""));
        return response.status(200).header("Content-Type", "application/json").header("X-Survey-Service", "stub")
                .sendString(Mono.just(QUESTIONNAIRE)).then();
    }

    private Mono<Void> answers(HttpServerRequest request, HttpServerResponse response) {
        arrived.add("POST " + request.fullPath());
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    received.add(new Received("POST", request.fullPath(), body));
                    if (body.contains("conflict")) {
                        return problem(response, 409, CONFLICT);
                    }
                    if (body.contains("invalid")) {
                        return problem(response, 422, INVALID);
                    }
                    Mono<Void> accepted = response.status(202).header("Content-Type", "application/json")
                            .sendString(Mono.just("{\"submissionId\":\"5b1c0a4e-0000-4000-8000-000000000001\"}"))
                            .then();
                    return body.contains("slow") ? Mono.delay(SLOW).then(accepted) : accepted;
                });
    }

    private static Mono<Void> problem(HttpServerResponse response, int status, String body) {
        return response.status(status).header("Content-Type", "application/problem+json")
                .sendString(Mono.just(body)).then();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
