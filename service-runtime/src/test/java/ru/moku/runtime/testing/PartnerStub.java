package ru.moku.runtime.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-in for a partner's organisation endpoint on a random port — ЛКО's {@code POST /api/v1/organisations},
 * ПОС.ОС's {@code PUT /api/v1/organisations/{id}} — for the answers the real service does not give: scripted
 * statuses and delays per organisation (by the {@code mokuOrganisationId} in the body), then 200 with a stable ЛКО
 * id. Counts calls per organisation.
 */
public final class PartnerStub implements AutoCloseable {

    private static final Pattern MOKU_ID = Pattern.compile("\"mokuOrganisationId\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final Map<UUID, Queue<Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<UUID, UUID> lkoIds = new ConcurrentHashMap<>();
    private final Map<UUID, String> authorizations = new ConcurrentHashMap<>();
    private final DisposableServer server;

    private PartnerStub(boolean put) {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> {
                    if (put) {
                        routes.put("/api/v1/organisations/{id}", this::answer);
                    } else {
                        routes.post("/api/v1/organisations", this::answer);
                    }
                })
                .bindNow(Duration.ofSeconds(10));
    }

    /** ЛКО: {@code POST /api/v1/organisations}. */
    public static PartnerStub lko() {
        return new PartnerStub(false);
    }

    /** ПОС.ОС: {@code PUT /api/v1/organisations/{id}}. */
    public static PartnerStub orgRegistry() {
        return new PartnerStub(true);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * One scripted answer.
     *
     * @param status the HTTP status (200 answers the ids)
     * @param delay  how long to wait before answering
     */
    public record Reply(int status, Duration delay) {

        public static Reply status(int status) {
            return new Reply(status, Duration.ZERO);
        }

        public static Reply slow(Duration delay) {
            return new Reply(200, delay);
        }
    }

    /** The next calls for {@code mokuOrganisationId} get {@code replies}, in order; later ones get 200. */
    public void script(UUID mokuOrganisationId, Reply... replies) {
        scripts.computeIfAbsent(mokuOrganisationId, id -> new ConcurrentLinkedQueue<>()).addAll(List.of(replies));
    }

    /** Calls received for {@code mokuOrganisationId} so far. */
    public int calls(UUID mokuOrganisationId) {
        AtomicInteger count = calls.get(mokuOrganisationId);
        return count == null ? 0 : count.get();
    }

    /** The {@code Authorization} header of the last call for {@code mokuOrganisationId} ("none" without one). */
    public String authorization(UUID mokuOrganisationId) {
        return authorizations.get(mokuOrganisationId);
    }

    /** The ЛКО id the stub answers for {@code mokuOrganisationId}. */
    public UUID lkoId(UUID mokuOrganisationId) {
        return lkoIds.computeIfAbsent(mokuOrganisationId, id -> UUID.randomUUID());
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8)
                .flatMap(body -> {
                    Matcher matcher = MOKU_ID.matcher(body);
                    if (!matcher.find()) {
                        return response.status(400).sendString(Mono.just("no mokuOrganisationId")).then();
                    }
                    UUID id = UUID.fromString(matcher.group(1));
                    authorizations.put(id, String.valueOf(request.requestHeaders().get("Authorization", "none")));
                    calls.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                    Queue<Reply> script = scripts.get(id);
                    Reply reply = script == null ? null : script.poll();
                    Reply effective = reply == null ? Reply.status(200) : reply;
                    return Mono.delay(effective.delay()).then(respond(response, id, effective.status()));
                });
    }

    private Mono<Void> respond(HttpServerResponse response, UUID id, int status) {
        if (status == 200) {
            return response.status(200).header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"lkoOrganisationId\":\"" + lkoId(id) + "\",\"mokuOrganisationId\":\""
                            + id + "\"}"))
                    .then();
        }
        return response.status(status).header("Content-Type", "application/problem+json")
                .sendString(Mono.just("{\"status\":" + status + ",\"title\":\"scripted\"}"))
                .then();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(60));
    }
}
