package ru.moku.gateway.attachments;

import java.util.Map;
import java.util.UUID;
import org.w3c.dom.Element;
import reactor.core.publisher.Mono;

/**
 * Takes in the attachments of an SMEV message (seed: SMEV 3 {@code AttachmentHeaderList} +
 * {@code AttachmentContentList}, {@code RefAttachmentHeaderList} + {@code FSAttachmentsList}) inside the intake
 * transaction: contents (MTOM parts or inline base64) stored with their digest and detached signature checked,
 * file-storage references recorded for the asynchronous fetch.
 */
public interface AttachmentIntake {

    /** For messages without attachments only: refuses any declared attachment. */
    AttachmentIntake NONE = (rawMessageId, responseMessage, parts) -> Mono.just(0);

    /**
     * Stores the attachments {@code responseMessage} ({@code ResponseMessage}, or the bare message the push
     * endpoint took) declares, for raw message {@code rawMessageId}.
     *
     * @param parts the MTOM parts by content id (empty for a plain SOAP message)
     * @return how many attachments were stored or recorded; an {@link AttachmentRefusedException} when one is
     *         missing, corrupt, badly signed or too large — nothing of the message may then be kept
     */
    Mono<Integer> store(UUID rawMessageId, Element responseMessage, Map<String, AttachmentPart> parts);
}
