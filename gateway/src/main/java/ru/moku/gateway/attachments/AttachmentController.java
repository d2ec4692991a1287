package ru.moku.gateway.attachments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.web.Problems;

/**
 * Operator API of the attachments of a raw message ({@code /api/v1/raw-messages/{id}/attachments}): the list with
 * what was checked, and each content as stored.
 */
@RestController
@RequestMapping("/api/v1/raw-messages/{rawMessageId}/attachments")
public class AttachmentController {

    /** 409: the attachment's content is not (yet) stored — a file still pending or unavailable. */
    public static final String ATTACHMENT_NOT_STORED = "attachment-not-stored";

    private final AttachmentStore store;

    public AttachmentController(AttachmentStore store) {
        this.store = store;
    }

    /** The attachments of a raw message (possibly none); 404 for an unknown raw message. */
    @GetMapping
    public Mono<List<AttachmentView>> list(@PathVariable UUID rawMessageId) {
        return store.rawMessageExists(rawMessageId)
                .flatMap(exists -> exists ? store.list(rawMessageId).collectList()
                        : Mono.error(notFound("no raw message " + rawMessageId)));
    }

    /**
     * The content of one attachment, streamed a chunk at a time with its MIME type and length; 404 when the raw message
     * has no such attachment, 409 while a file is not fetched (PENDING) or could not be (UNAVAILABLE).
     */
    @GetMapping("/{attachmentId}/content")
    public Mono<ResponseEntity<Flux<DataBuffer>>> content(@PathVariable UUID rawMessageId,
                                                          @PathVariable UUID attachmentId) {
        return store.find(rawMessageId, attachmentId)
                .switchIfEmpty(Mono.error(() -> notFound("raw message " + rawMessageId + " has no attachment "
                        + attachmentId)))
                .map(attachment -> {
                    if (!attachment.status().hasContent()) {
                        throw notStored(rawMessageId, attachment);
                    }
                    Flux<DataBuffer> body = store.readContent(attachmentId)
                            .map(DefaultDataBufferFactory.sharedInstance::wrap);
                    ResponseEntity.BodyBuilder response = ResponseEntity.ok()
                            .contentType(mediaType(attachment.mimeType()))
                            .contentLength(attachment.size() == null ? 0 : attachment.size());
                    if (attachment.fileName() != null) {
                        // The sender's file name (FS files have one): the operator's download keeps it.
                        response.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename(attachment.fileName(), StandardCharsets.UTF_8).build().toString());
                    }
                    return response.body(body);
                });
    }

    private static MediaType mediaType(String declared) {
        try {
            return MediaType.parseMediaType(declared);
        } catch (IllegalArgumentException e) {
            // The declared type is the sender's text; an unparsable one must not hide the content.
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static ErrorResponseException notFound(String detail) {
        return exception(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", detail));
    }

    private static ErrorResponseException notStored(UUID rawMessageId, AttachmentView attachment) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, ATTACHMENT_NOT_STORED, "Attachment not stored",
                "attachment " + attachment.id() + " is " + attachment.status()
                        + (attachment.status() == AttachmentStatus.PENDING
                        ? ": the file is not fetched from SMEV's file storage yet"
                        : ": the file could not be fetched from SMEV's file storage (" + attachment.lastError() + ")"));
        problem.setProperty("rawMessageId", rawMessageId);
        problem.setProperty("attachmentStatus", attachment.status().name());
        return exception(problem);
    }

    private static ErrorResponseException exception(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatus.valueOf(problem.getStatus()), problem, null);
    }
}
