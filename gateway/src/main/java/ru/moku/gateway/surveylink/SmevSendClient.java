package ru.moku.gateway.surveylink;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import ru.moku.gateway.config.SurveyLinkProperties;
import ru.moku.gateway.pull.SmevCallException;
import ru.moku.gateway.pull.SmevReplies;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.SoapWire;
import ru.moku.runtime.partner.PartnerFailure;

/**
 * One {@code SendRequest} to SMEV over WebClient (SOAP 1.1), its answer mapped to types once so that the retry asks
 * the type: accepted → the time SMEV took it; HTTP 5xx/408/429 without a Fault, or a {@code soap:Server} Fault
 * ({@code SMEVFailure}) → {@link PartnerFailure.Unavailable} (transient); a {@code soap:Client} Fault or another
 * answer → {@link PartnerFailure.Rejected} (final). {@code MessageIsAlreadySent} means an earlier attempt got
 * through and only its answer was lost: accepted.
 */
final class SmevSendClient {

    static final String PARTNER = "SMEV";
    private static final String ALREADY_SENT = "MessageIsAlreadySent";

    private final WebClient webClient;
    private final URI endpoint;
    private final SmevSigner signer;
    private final Scheduler xmlWorkers;
    private final SoapWire wire;

    SmevSendClient(SurveyLinkProperties settings, SmevSigner signer, Scheduler xmlWorkers, SoapWire wire) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.endpoint = settings.endpoint();
        this.signer = Objects.requireNonNull(signer, "signer");
        this.xmlWorkers = Objects.requireNonNull(xmlWorkers, "xmlWorkers");
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.timeout());
        this.webClient = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(
                        (int) Math.min(settings.maxResponseSize().toBytes(), Integer.MAX_VALUE)))
                .build();
    }

    /** Sends {@code envelope} once; emits when SMEV accepted it (SMEV's sending time, else now). */
    Mono<Instant> send(String envelope) {
        return signer.sign(envelope, SmevRequests.SIGNED_ELEMENT_ID)
                .flatMap(this::post)
                .publishOn(xmlWorkers)
                .map(SmevSendClient::read);
    }

    private Mono<Reply> post(String envelope) {
        SoapWire.Body wired = wire.encode(envelope);
        return webClient.post()
                .uri(endpoint)
                .contentType(wired.contentType())
                .accept(MediaType.TEXT_XML, MediaType.APPLICATION_XML)
                .header("SOAPAction", "urn:SendRequest")
                .bodyValue(wired.bytes())
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> new Reply(response.statusCode().value(), body)));
    }

    static Instant read(Reply reply) {
        try {
            return SmevReplies.sendRequest(reply.status(), reply.body())
                    .map(OffsetDateTime::toInstant)
                    .orElseGet(Instant::now);
        } catch (SmevCallException.Fault fault) {
            if (ALREADY_SENT.equals(fault.detail())) {
                return Instant.now();
            }
            throw fault.isClientFault()
                    ? new PartnerFailure.Rejected(PARTNER, reply.status(), fault.getMessage())
                    : new PartnerFailure.Unavailable(fault.getMessage(), fault);
        } catch (SmevCallException other) {
            throw PartnerFailure.of(PARTNER, reply.status() / 100 == 2 ? 400 : reply.status(), other.getMessage());
        }
    }

    record Reply(int status, String body) {
    }
}
