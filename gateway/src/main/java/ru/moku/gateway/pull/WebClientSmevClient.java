package ru.moku.gateway.pull;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import ru.moku.gateway.config.GatewayProperties;

/**
 * {@link SmevClient} over WebClient (SOAP 1.1 over HTTP). Each call is bounded by
 * {@code moku.gateway.pull.request-timeout}; answers are read into memory up to
 * {@code max-response-size} and parsed on the XML workers.
 */
public final class WebClientSmevClient implements SmevClient {

    private final WebClient webClient;
    private final URI endpoint;
    private final Duration requestTimeout;
    private final SmevRequests requests;
    private final SmevSigner signer;
    private final Scheduler xmlWorkers;
    private final SoapWire wire;

    public WebClientSmevClient(GatewayProperties.Pull settings, SmevRequests requests, SmevSigner signer,
                               Scheduler xmlWorkers) {
        this(settings, requests, signer, xmlWorkers, SoapWire.PLAIN);
    }

    /** With {@code wire} = how our requests go out ({@code moku.gateway.smev.send-as-mtom}). */
    public WebClientSmevClient(GatewayProperties.Pull settings, SmevRequests requests, SmevSigner signer,
                               Scheduler xmlWorkers, SoapWire wire) {
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
    public Mono<String> getResponse() {
        return Mono.fromSupplier(requests::getResponseRequest)
                .flatMap(request -> signer.sign(request, SmevRequests.SIGNED_ELEMENT_ID))
                .flatMap(request -> call("urn:GetResponse", request))
                .publishOn(xmlWorkers)
                .flatMap(reply -> Mono.justOrEmpty(SmevReplies.getResponse(reply.status(), reply.body())));
    }

    @Override
    public Mono<Void> ack(String messageId) {
        return Mono.fromSupplier(() -> requests.ackRequest(messageId))
                .flatMap(request -> signer.sign(request, SmevRequests.SIGNED_ELEMENT_ID))
                .flatMap(request -> call("urn:Ack", request))
                .publishOn(xmlWorkers)
                .doOnNext(reply -> SmevReplies.ack(reply.status(), reply.body()))
                .then();
    }

    private Mono<Reply> call(String soapAction, String request) {
        SoapWire.Body wired = wire.encode(request);
        return webClient.post()
                .uri(endpoint)
                .contentType(wired.contentType())
                .accept(MediaType.TEXT_XML, MediaType.APPLICATION_XML)
                .header("SOAPAction", soapAction)
                .bodyValue(wired.bytes())
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> new Reply(response.statusCode().value(), body)))
                .timeout(requestTimeout);
    }

    private record Reply(int status, String body) {
    }
}
