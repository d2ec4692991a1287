package ru.moku.gateway.push;

import java.net.URI;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import ru.moku.gateway.config.GatewayProperties;
import ru.moku.gateway.config.MtomProperties;
import ru.moku.gateway.intake.InboundMessage;
import ru.moku.gateway.intake.IntakeProblem;
import ru.moku.gateway.intake.IntakeResult;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.ProblemType;
import ru.moku.gateway.intake.Source;
import ru.moku.gateway.mtom.MtomException;
import ru.moku.gateway.mtom.MtomMessage;
import ru.moku.gateway.mtom.MtomReader;
import ru.moku.gateway.web.Problems;
import ru.moku.gateway.xml.XmlText;

/**
 * Push intake (seed 000 steps 1–4): an SMEV adapter {@code POST}s an SMEV response message, as XML or as MTOM
 * ({@code multipart/related; type="application/xop+xml"}, the root part the SOAP envelope, the other parts the
 * attachments).
 * <ul>
 *   <li>202 — stored and split (or kept for reprocessing when the split failed), or an answer without service data
 *       stored (its kind in the receipt);</li>
 *   <li>200 — its SMEV message id was stored before, nothing new written;</li>
 *   <li>400 — invalid (a problem document per class), stored with status -1 all the same; or an MTOM package that
 *       cannot be read (not stored);</li>
 *   <li>413 — XML larger than {@code moku.gateway.push.max-body-size}, or MTOM over a {@code moku.gateway.mtom.*}
 *       limit (a part, the parts, the whole): not stored;</li>
 *   <li>415 — neither XML nor {@code multipart/related};</li>
 *   <li>422 — a signature does not verify (stored with status -1, {@code signature-invalid}), or an attachment is
 *       missing or corrupt (not stored, {@code attachment-invalid}).</li>
 * </ul>
 */
@RestController
public class PushController {

    static final String PATH = "/smev/inbound";
    private static final String SOAP_1_2_XML = "application/soap+xml";
    private static final String MULTIPART_RELATED = "multipart/related";

    private final IntakeService intake;
    private final MtomReader mtom;
    private final long maxBodyBytes;
    private final long maxMtomBytes;

    public PushController(IntakeService intake, MtomReader mtom, GatewayProperties properties,
                          MtomProperties mtomProperties) {
        this.intake = intake;
        this.mtom = mtom;
        this.maxBodyBytes = properties.push().maxBodySize().toBytes();
        this.maxMtomBytes = mtomProperties.maxMessageSize().toBytes();
    }

    @PostMapping(path = PATH,
            consumes = {MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_XML_VALUE, SOAP_1_2_XML, MULTIPART_RELATED},
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public Mono<ResponseEntity<?>> push(ServerHttpRequest request) {
        String contentType = request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        if (MtomReader.isMultipartRelated(contentType)) {
            return pushMtom(request, contentType);
        }
        long declaredLength = request.getHeaders().getContentLength();
        if (declaredLength > maxBodyBytes) {
            return Mono.just(tooLarge("Content-Length " + declaredLength + " exceeds the limit of " + maxBodyBytes
                    + " bytes", request));
        }
        return readBody(request)
                .map(bytes -> XmlText.decode(bytes, request.getHeaders().getContentType()))
                .flatMap(decoded -> decoded.problem() == null
                        ? intake.accept(InboundMessage.xml(decoded.text()), Source.PUSH)
                        : intake.reject(decoded.text(), new IntakeProblem(ProblemType.MALFORMED_XML,
                                decoded.problem()), Source.PUSH))
                .<ResponseEntity<?>>map(result -> answer(result, request))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(tooLarge("the body exceeds the limit of "
                        + maxBodyBytes + " bytes", request)));
    }

    /** MTOM: streamed through the reader (parts over its in-memory size on disk), then the intake with the parts. */
    private Mono<ResponseEntity<?>> pushMtom(ServerHttpRequest request, String contentType) {
        long declaredLength = request.getHeaders().getContentLength();
        if (declaredLength > maxMtomBytes) {
            return Mono.just(tooLarge("Content-Length " + declaredLength + " exceeds the MTOM limit of "
                    + maxMtomBytes + " bytes", request));
        }
        return mtom.read(contentType, request.getBody())
                .flatMap(this::intake)
                .<ResponseEntity<?>>map(result -> answer(result, request))
                .onErrorResume(MtomException.class, e -> Mono.just(e.tooLarge() ? tooLarge(e.getMessage(), request)
                        : problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_MTOM, "Malformed MTOM message",
                                e.getMessage() + "; the message was not stored", request)));
    }

    private Mono<IntakeResult> intake(MtomMessage message) {
        if (message.decodingProblem() != null) {
            return message.release().then(intake.reject(message.xml(),
                    new IntakeProblem(ProblemType.MALFORMED_XML, message.decodingProblem()), Source.PUSH));
        }
        return intake.accept(new InboundMessage(message.xml(), message.attachments(), message.release()), Source.PUSH);
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
        if (result instanceof IntakeResult.Answered answered) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                    .body(PushReceipt.answered(answered));
        }
        if (result instanceof IntakeResult.Duplicate duplicate) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .body(PushReceipt.duplicate(duplicate));
        }
        if (result instanceof IntakeResult.Refused refused) {
            if (refused.tooLarge()) {
                return tooLarge(refused.reason() + "; the message was not stored", request);
            }
            ResponseEntity<ProblemDetail> refusal = problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    Problems.ATTACHMENT_INVALID, "Attachment invalid",
                    refused.reason() + "; the message was not stored", request);
            if (refused.smevMessageId() != null) {
                refusal.getBody().setProperty("smevMessageId", refused.smevMessageId());
            }
            return refusal;
        }
        IntakeResult.Rejected rejected = (IntakeResult.Rejected) result;
        ProblemDetail problem = Problems.of(rejected.problem());
        if (rejected.problem().type() == ProblemType.SIGNATURE_INVALID) {
            // Well-formed and valid, but not what its signer signed (or no one we trust signed it).
            problem.setStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        }
        problem.setInstance(URI.create(request.getPath().value()));
        problem.setProperty("rawMessageId", rejected.rawMessageId());
        if (rejected.smevMessageId() != null) {
            problem.setProperty("smevMessageId", rejected.smevMessageId());
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<?> tooLarge(String detail, ServerHttpRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                detail.endsWith("not stored") ? detail : detail + "; the message was not stored", request);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String title, String detail,
                                                         ServerHttpRequest request) {
        ProblemDetail problem = Problems.of(status, slug, title, detail);
        problem.setInstance(URI.create(request.getPath().value()));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
