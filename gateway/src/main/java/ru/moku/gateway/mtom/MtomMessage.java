package ru.moku.gateway.mtom;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.codec.multipart.Part;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import ru.moku.gateway.attachments.AttachmentPart;

/**
 * An MTOM message as {@link MtomReader} read it: the root part's XML and the other parts by Content-ID.
 *
 * @param xml             the root part decoded in its charset (leniently when {@code decodingProblem} is set)
 * @param decodingProblem why the root part's bytes are not text in their charset, or {@code null}
 * @param attachments     every part but the root, by Content-ID (without angle brackets)
 * @param parts           every part read, the root included, for {@link #release()}
 */
public record MtomMessage(String xml, String decodingProblem, Map<String, AttachmentPart> attachments,
                          List<Part> parts) {

    private static final Logger log = LoggerFactory.getLogger(MtomMessage.class);

    public MtomMessage {
        Objects.requireNonNull(xml, "xml");
        attachments = Map.copyOf(attachments);
        parts = List.copyOf(parts);
    }

    /**
     * Deletes what the parts left on disk (parts over {@code max-in-memory-size}); in-memory parts are heap copies
     * that need nothing. Call it once the intake is over, whether it read the parts or not.
     */
    public Mono<Void> release() {
        return release(parts);
    }

    /** Deletes the temporary files of {@code parts}; a file that cannot be deleted is logged, not an error of the intake. */
    static Mono<Void> release(List<Part> parts) {
        return Flux.fromIterable(List.copyOf(parts))
                .concatMap(part -> part.delete().onErrorResume(error -> {
                    log.warn("could not delete the temporary file of an MTOM part: {}", error.toString());
                    return Mono.empty();
                }))
                .then();
    }
}
