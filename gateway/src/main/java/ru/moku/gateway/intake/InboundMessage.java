package ru.moku.gateway.intake;

import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;
import ru.moku.gateway.attachments.AttachmentPart;

/**
 * What reached the intake, by push or pull: the SOAP envelope (or bare {@code ResponseMessage}) and, for an MTOM
 * message, its other parts.
 *
 * @param xml     the XML text (an MTOM message's root part, decoded)
 * @param parts   the MTOM parts besides the root, by Content-ID; empty for a plain SOAP message
 * @param release what frees the parts (temporary files) once the intake is over; the intake subscribes it exactly
 *                once, whatever the outcome
 */
public record InboundMessage(String xml, Map<String, AttachmentPart> parts, Mono<Void> release) {

    public InboundMessage {
        Objects.requireNonNull(xml, "xml");
        parts = Map.copyOf(parts);
        Objects.requireNonNull(release, "release");
    }

    /** A plain SOAP message: XML only, nothing to release. */
    public static InboundMessage xml(String xml) {
        return new InboundMessage(xml, Map.of(), Mono.empty());
    }
}
