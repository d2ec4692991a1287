package ru.moku.gateway.pull;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import ru.moku.gateway.attachments.AttachmentPart;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.InboundMessage;
import ru.moku.gateway.mtom.MtomReader;

/**
 * {@link SmevClient} over WebClient (SOAP 1.1 over HTTP). Each call is bounded by
 * {@code moku.gateway.pull.request-timeout}. A plain SOAP answer is read into memory up to
 * {@code max-response-size}; an MTOM answer ({@code multipart/related}, as real SMEV answers GetResponse) is read by
 * the {@link MtomReader} under the {@code moku.gateway.mtom.*} limits, its attachment parts handed on with the
 * message. Answers are parsed on the XML workers.
 */
public final class WebClientSmevClient implements SmevClient {

    private static final MediaType MULTIPART_RELATED = MediaType.parseMediaType("multipart/related");

    private final WebClient webClient;
    private final URI endpoint;
    private final Duration requestTimeout;
    private final SmevRequests requests;
    private final SmevSigner signer;
    private final Scheduler xmlWorkers;
    private final MtomReader mtom;
    private final SoapWire wire;

    /**
     * @param mtom reads MTOM answers
     * @param wire how our requests go out ({@code moku.gateway.smev.send-as-mtom})
     */
    public WebClientSmevClient(GatewayProperties.Pull settings, SmevRequests requests, SmevSigner signer,
                               Scheduler xmlWorkers, MtomReader mtom, SoapWire wire) {
        this.mtom = Objects.requireNonNull(mtom, "mtom");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.endpoint = settings.endpoint();
        this.requestTimeout = settings.requestTimeout();
        this.requests = Objects.requireNonNull(requests, "requests");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.requestTimeout());
        this.webClient = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(
                        (int) Math.min(settings.maxResponseSize().toBytes(), Integer.MAX_VALUE)))
                .build();
    }

    @Override
    public Mono<InboundMessage> getResponse() {
        return Mono.fromSupplier(requests::getResponseRequest)
                .flatMap(request -> signer.sign(request, SmevRequests.SIGNED_ELEMENT_ID))
                .flatMap(request -> call("urn:GetResponse", request))
                .flatMap(reply -> Mono.fromCallable(() -> SmevReplies.getResponse(reply.status(), reply.body()))
                        .subscribeOn(xmlWorkers)
                        .flatMap(envelope -> envelope.isPresent()
                                ? Mono.just(new InboundMessage(envelope.get(), reply.parts(), reply.release()))
                                : reply.release().then(Mono.<InboundMessage>empty()))
                        .onErrorResume(error -> reply.release().then(Mono.error(error))));
    }

    @Override
    public Mono<Void> ack(String messageId) {
        return Mono.fromSupplier(() -> requests.ackRequest(messageId))
                .flatMap(request -> signer.sign(request, SmevRequests.SIGNED_ELEMENT_ID))
                .flatMap(request -> call("urn:Ack", request))
                .flatMap(reply -> reply.release()
                        .then(Mono.fromRunnable(() -> SmevReplies.ack(reply.status(), reply.body()))
                                .subscribeOn(xmlWorkers)))
                .then();
    }

    private Mono<Reply> call(String soapAction, String request) {
        SoapWire.Body wired = wire.encode(request);
        return webClient.post()
                .uri(endpoint)
                .contentType(wired.contentType())
                .accept(MediaType.TEXT_XML, MediaType.APPLICATION_XML, MULTIPART_RELATED)
                .header("SOAPAction", soapAction)
                .bodyValue(wired.bytes())
                .exchangeToMono(this::reply)
                .timeout(requestTimeout);
    }

    /** The answer's SOAP text (an MTOM answer's root part) and, for MTOM, its other parts. */
    private Mono<Reply> reply(ClientResponse response) {
        int status = response.statusCode().value();
        String contentType = response.headers().asHttpHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (MtomReader.isMultipartRelated(contentType)) {
            return mtom.read(contentType, response.bodyToFlux(DataBuffer.class))
                    .map(message -> new Reply(status, message.xml(), message.attachments(), message.release()));
        }
        return response.bodyToMono(String.class)
                .defaultIfEmpty("")
                .map(body -> new Reply(status, body, Map.of(), Mono.empty()));
    }

    /**
     * One answer of SMEV.
     *
     * @param parts   MTOM parts besides the root, by Content-ID
     * @param release frees them; whoever takes the reply subscribes it once
     */
    private record Reply(int status, String body, Map<String, AttachmentPart> parts, Mono<Void> release) {
    }
}
