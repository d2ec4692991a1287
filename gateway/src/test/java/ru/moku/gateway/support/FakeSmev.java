package ru.moku.gateway.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A minimal SMEV 3 endpoint for the pull loop's tests ({@code POST /smev}): GetResponse answers
 * the oldest unacknowledged message (it stays queued until acknowledged, as in SMEV), or an empty
 * GetResponseResponse; Ack removes the message; a number of GetResponse calls can be made to fail
 * with a SOAP Fault. Requests are recorded for assertions on the test thread.
 */
public final class FakeSmev implements AutoCloseable {

    private static final Pattern ACK_TARGET = Pattern.compile("AckTargetMessage[^>]*>([^<]+)<");

    private final ConcurrentLinkedDeque<Queued> queue = new ConcurrentLinkedDeque<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, List<Instant>> acks = new ConcurrentHashMap<>();
    private final AtomicInteger faultsToAnswer = new AtomicInteger();
    private final AtomicInteger getResponses = new AtomicInteger();
    private final DisposableServer server;

    public FakeSmev() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/smev", this::handle))
                .bindNow();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port() + "/smev";
    }

    /** Queues a delivery of {@code envelope} (a GetResponseResponse envelope) with SMEV id {@code messageId}. */
    public void deliver(String messageId, String envelope) {
        queue.add(new Queued(messageId, "text/xml; charset=utf-8", envelope.getBytes(StandardCharsets.UTF_8)));
    }

    /** Queues a delivery answered as MTOM ({@code body}: a multipart/related package, its root the envelope). */
    public void deliverMtom(String messageId, MtomBodies.Body body) {
        queue.add(new Queued(messageId, body.contentType(), body.bytes()));
    }

    /** Queues a delivery answered with exactly these bytes (e.g. with a byte order mark). */
    public void deliverBytes(String messageId, String contentType, byte[] body) {
        queue.add(new Queued(messageId, contentType, body));
    }

    /** The next {@code count} GetResponse calls answer a SOAP Fault (HTTP 500). */
    public void failNextGetResponses(int count) {
        faultsToAnswer.set(count);
    }

    /** Takes a message out of the queue without an Ack (as an operator would in SMEV's console). */
    public void drop(String messageId) {
        queue.removeIf(queued -> queued.messageId().equals(messageId));
    }

    public List<Instant> acksOf(String messageId) {
        return acks.getOrDefault(messageId, List.of());
    }

    public int queued() {
        return queue.size();
    }

    public int getResponses() {
        return getResponses.get();
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    requests.add(body);
                    Answer answer = answer(body);
                    return response.status(answer.status())
                            .header("Content-Type", answer.contentType())
                            .sendByteArray(Mono.just(answer.body()))
                            .then();
                });
    }

    private Answer answer(String body) {
        if (body.contains("GetResponseRequest")) {
            getResponses.incrementAndGet();
            if (faultsToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Answer.xml(500, SmevMessages.soap("""
                        <soap:Fault><faultcode>soap:Server</faultcode><faultstring>Внутренняя ошибка СМЭВ</faultstring>
                        <detail><ns3:SMEVFailure xmlns:ns3="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/faults/1.3"/></detail>
                        </soap:Fault>"""));
            }
            Queued head = queue.peek();
            return head == null ? Answer.xml(200, SmevMessages.emptyGetResponse())
                    : new Answer(200, head.contentType(), head.body());
        }
        Matcher target = ACK_TARGET.matcher(body);
        if (body.contains("AckRequest") && target.find()) {
            String messageId = target.group(1);
            queue.stream().filter(queued -> queued.messageId().equals(messageId)).findFirst().ifPresent(queue::remove);
            acks.computeIfAbsent(messageId, id -> new CopyOnWriteArrayList<>()).add(Instant.now());
            return Answer.xml(200, SmevMessages.soap("<ns2:AckResponse xmlns:ns2=\"" + SmevMessages.TYPES + "\"/>"));
        }
        return Answer.xml(500, SmevMessages.soap(
                "<soap:Fault><faultcode>soap:Client</faultcode><faultstring>unknown request</faultstring></soap:Fault>"));
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    private record Queued(String messageId, String contentType, byte[] body) {
    }

    private record Answer(int status, String contentType, byte[] body) {

        static Answer xml(int status, String body) {
            return new Answer(status, "text/xml; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
