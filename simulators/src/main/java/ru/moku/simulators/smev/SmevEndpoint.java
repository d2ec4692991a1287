package ru.moku.simulators.smev;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * {@code POST /smev}: SMEV 3's message exchange SOAP service (SOAP 1.1, any XML content type), with
 * the configured faults injected before the request reaches {@link SmevExchange}. A {@code GetResponse} is answered as
 * MTOM when {@code simulators.smev.mtom.enabled}; everything else (Faults included) as {@code text/xml}. Requests are
 * read as XML or, sent as MTOM ({@code multipart/related}), from their root part.
 */
@RestController
class SmevEndpoint {

    private static final MediaType TEXT_XML = new MediaType("text", "xml", StandardCharsets.UTF_8);
    private static final MediaType TEXT_PLAIN = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SmevExchange exchange;
    private final SmevFaultInjector faultInjector;
    private final MessageIds messageIds;
    private final SmevSimulatorProperties.Mtom mtom;
    /** Non-null when signing or verifying: the answer is then computed on this bounded pool, not the event loop. */
    private final Scheduler cryptoScheduler;

    SmevEndpoint(SmevExchange exchange, SmevFaultInjector faultInjector, MessageIds smevMessageIds,
                 SmevSimulatorProperties properties, SmevCryptoPool cryptoPool) {
        this.exchange = exchange;
        this.faultInjector = faultInjector;
        this.messageIds = smevMessageIds;
        this.mtom = properties.mtom();
        this.cryptoScheduler = cryptoPool.schedulerIfUsed().orElse(null);
    }

    @PostMapping("/smev")
    Mono<ResponseEntity<byte[]>> exchange(@RequestBody(required = false) byte[] body,
                                          @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
                                          String contentType) {
        Faults faults = faultInjector.current();
        Mono<ResponseEntity<byte[]>> answer = Mono.fromSupplier(() -> answer(body, contentType, faults));
        if (cryptoScheduler != null) {
            answer = answer.subscribeOn(cryptoScheduler);
        }
        Duration latency = faultInjector.nextLatency(faults);
        return latency.isZero() ? answer : answer.delaySubscription(latency);
    }

    private ResponseEntity<byte[]> answer(byte[] body, String contentType, Faults faults) {
        return switch (faultInjector.nextOutcome(faults)) {
            case HTTP_503 -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(TEXT_PLAIN)
                    .body("SMEV simulator: injected 503 Service Unavailable (simulators.smev.faults.http5xx-rate)"
                            .getBytes(StandardCharsets.UTF_8));
            case SOAP_FAULT -> soap(new SmevExchange.Answer(true, SmevFaultException.smevFailure(
                    "SMEV simulator: injected SMEV failure (simulators.smev.faults.soap-fault-rate)").toEnvelope()));
            case NONE -> soap(answer(body, contentType, faults, exchange));
        };
    }

    /** A request sent as MTOM (as SMEV adapters may send them) is read from its root part. */
    private static SmevExchange.Answer answer(byte[] body, String contentType, Faults faults, SmevExchange exchange) {
        if (body == null || !MtomReader.isMultipart(contentType)) {
            return exchange.answer(body, faults);
        }
        try {
            return exchange.answer(MtomReader.rootPart(body, contentType), faults);
        } catch (SmevFaultException e) {
            return new SmevExchange.Answer(true, e.toEnvelope());
        }
    }

    private ResponseEntity<byte[]> soap(SmevExchange.Answer answer) {
        // SOAP 1.1 over HTTP: a Fault travels with status 500.
        HttpStatus status = answer.fault() ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK;
        if (!answer.mtom()) {
            return ResponseEntity.status(status).contentType(TEXT_XML)
                    .body(answer.envelope().getBytes(StandardCharsets.UTF_8));
        }
        MtomWriter.Multipart multipart = MtomWriter.write(answer.envelope(), answer.parts(),
                "uuid:" + messageIds.next(), mtom.splitStart());
        // Set as a raw header: the RFC 2231 parameters must reach the client exactly as written.
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, multipart.contentType())
                .body(multipart.body());
    }
}
