package ru.moku.gateway.push;

import java.net.URI;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.intake.IntakeProblem;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.ProblemType;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.web.Problems;

/**
 * Push intake (seed 000 steps 1–4): an SMEV adapter {@code POST}s an SMEV response message.
 * <ul>
 *   <li>202 — stored and split (or kept for reprocessing when the split failed);</li>
 *   <li>200 — its SMEV message id was stored before, nothing new written;</li>
 *   <li>400 — invalid (a problem document per class), stored with status -1 all the same;</li>
 *   <li>413 — larger than {@code moku.gateway.push.max-body-size}, not stored;</li>
 *   <li>415 — not XML.</li>
 * </ul>
 */
@RestController
public class PushController {

    static final String PATH = "/smev/inbound";
    private static final String SOAP_1_2_XML = "application/soap+xml";

    private final IntakeService intake;
    private final long maxBodyBytes;

    public PushController(IntakeService intake, GatewayProperties properties) {
        this.intake = intake;
        this.maxBodyBytes = properties.push().maxBodySize().toBytes();
    }

    @PostMapping(path = PATH,
            consumes = {MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_XML_VALUE, SOAP_1_2_XML},
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<?>> push(ServerHttpRequest request) {
        long declaredLength = request.getHeaders().getContentLength();
        if (declaredLength > maxBodyBytes) {
            return Mono.just(tooLarge("Content-Length " + declaredLength, request));
        }
        return readBody(request)
                .map(bytes -> XmlText.decode(bytes, request.getHeaders().getContentType()))
                .flatMap(decoded -> decoded.problem() == null
                        ? intake.accept(decoded.text(), Source.PUSH)
                        : intake.reject(decoded.text(), new IntakeProblem(ProblemType.MALFORMED_XML,
                                decoded.problem()), Source.PUSH))
                .<ResponseEntity<?>>map(result -> answer(result, request))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(tooLarge("the body", request)));
    }

    /** The body, refused as soon as more than the limit has arrived (whatever Content-Length said). */
    private Mono<byte[]> readBody(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody(), (int) Math.min(maxBodyBytes, Integer.MAX_VALUE))
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    private static ResponseEntity<?> answer(IntakeResult result, ServerHttpRequest request) {
        if (result instanceof IntakeResult.Accepted accepted) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                    .body(PushReceipt.accepted(accepted));
        }
        if (result instanceof IntakeResult.Duplicate duplicate) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(PushReceipt.duplicate(duplicate));
        }
        IntakeResult.Rejected rejected = (IntakeResult.Rejected) result;
        ProblemDetail problem = Problems.of(rejected.problem());
        problem.setInstance(URI.create(request.getPath().value()));
        problem.setProperty("rawMessageId", rejected.rawMessageId());
        if (rejected.smevMessageId() != null) {
            problem.setProperty("smevMessageId", rejected.smevMessageId());
        }
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<?> tooLarge(String what, ServerHttpRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                what + " exceeds the limit of " + maxBodyBytes + " bytes; the message was not stored");
        problem.setInstance(URI.create(request.getPath().value()));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

}
