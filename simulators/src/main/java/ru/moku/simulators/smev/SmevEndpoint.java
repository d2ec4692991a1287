package ru.moku.simulators.smev;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.simulators.smev.SmevSimulatorProperties.Faults;

/**
 * {@code POST /smev}: SMEV 3's message exchange SOAP service (SOAP 1.1, any XML content type), with
 * the configured faults injected before the request reaches {@link SmevExchange}.
 */
@RestController
class SmevEndpoint {

    private static final MediaType TEXT_XML = new MediaType("text", "xml", StandardCharsets.UTF_8);
    private static final MediaType TEXT_PLAIN = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SmevExchange exchange;
    private final SmevFaultInjector faultInjector;

    SmevEndpoint(SmevExchange exchange, SmevFaultInjector faultInjector) {
        this.exchange = exchange;
        this.faultInjector = faultInjector;
    }

    @PostMapping("/smev")
    Mono<ResponseEntity<String>> exchange(@RequestBody(required = false) byte[] body) {
        Faults faults = faultInjector.current();
        Mono<ResponseEntity<String>> answer = Mono.fromSupplier(() -> answer(body, faults));
        Duration latency = faultInjector.nextLatency(faults);
        return latency.isZero() ? answer : answer.delaySubscription(latency);
    }

    private ResponseEntity<String> answer(byte[] body, Faults faults) {
        return switch (faultInjector.nextOutcome(faults)) {
            case HTTP_503 -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(TEXT_PLAIN)
                    .body("SMEV simulator: injected 503 Service Unavailable (simulators.smev.faults.http5xx-rate)");
            case SOAP_FAULT -> soap(new SmevExchange.Answer(true, SmevFaultException.smevFailure(
                    "SMEV simulator: injected SMEV failure (simulators.smev.faults.soap-fault-rate)").toEnvelope()));
            case NONE -> soap(exchange.answer(body, faults));
        };
    }

    private static ResponseEntity<String> soap(SmevExchange.Answer answer) {
        // SOAP 1.1 over HTTP: a Fault travels with status 500.
        HttpStatus status = answer.fault() ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.OK;
        return ResponseEntity.status(status).contentType(TEXT_XML).body(answer.envelope());
    }
}
