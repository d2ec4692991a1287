package ru.moku.gateway.attachments;

import java.util.Objects;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * One MIME part of an MTOM message besides the root (an attachment's content), as the MTOM reader hands it on.
 *
 * @param contentId   its {@code Content-ID} without the angle brackets (what {@code xop:Include/@href} names
 *                    after {@code cid:}, URL-decoded)
 * @param contentType its {@code Content-Type}, or {@code application/octet-stream} when it gave none
 * @param content     its bytes, streamed; can be consumed once, and must be (or released) by the intake
 */
public record AttachmentPart(String contentId, String contentType, Flux<DataBuffer> content) {

    public AttachmentPart {
        Objects.requireNonNull(contentId, "contentId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(content, "content");
    }
}
