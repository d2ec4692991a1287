package ru.moku.simulators.smev;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A response message waiting in the simulated SMEV queue.
 *
 * @param messageId        SMEV's {@code MessageMetadata/MessageId}: what the receiver acknowledges
 * @param sendingTimestamp when the (simulated) provider sent it to SMEV
 * @param content          what is delivered
 * @param attachments      files carried in the message ({@code AttachmentHeaderList} + {@code AttachmentContentList})
 * @param fsAttachments    files on SMEV's file storage ({@code RefAttachmentHeaderList} + {@code FSAttachmentsList})
 * @param tampered         whether each delivery is altered after it was signed (its signatures no longer verify)
 */
record SmevMessage(String messageId, Instant sendingTimestamp, Content content, List<Attachment> attachments,
                   List<FsAttachment> fsAttachments, boolean tampered) {

    SmevMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sendingTimestamp, "sendingTimestamp");
        Objects.requireNonNull(content, "content");
        attachments = List.copyOf(attachments);
        fsAttachments = List.copyOf(fsAttachments);
        if (!(content instanceof PrimaryContent) && (!attachments.isEmpty() || !fsAttachments.isEmpty())) {
            // The schema puts the attachment headers beside MessagePrimaryContent only.
            throw new IllegalArgumentException("only a message with primary content carries attachments");
        }
    }

    /** A message without attachments, delivered as it was signed. */
    SmevMessage(String messageId, Instant sendingTimestamp, Content content) {
        this(messageId, sendingTimestamp, content, List.of(), List.of(), false);
    }

    /** What a message delivers. */
    sealed interface Content permits PrimaryContent, CompleteResponse, StatusAnswer {
    }

    /**
     * A business document (normally {@code ServiceData}) that the simulator wraps in a fresh
     * {@code GetResponseResponse} on every delivery.
     *
     * @param xml the document, well-formed
     */
    record PrimaryContent(String xml) implements Content {
    }

    /**
     * A {@code GetResponseResponse} element loaded from a file and delivered exactly as it is.
     *
     * @param xml the element with its namespace declarations
     */
    record CompleteResponse(String xml) implements Content {
    }

    /**
     * An answer without service data: {@code RequestRejected}, {@code RequestStatus} or {@code AsyncProcessingStatus}
     * in {@code SenderProvidedResponseData} instead of {@code MessagePrimaryContent}.
     *
     * @param kind              which answer
     * @param originalMessageId the MessageID of the request it answers ({@code Response/OriginalMessageId}, and
     *                          {@code AsyncProcessingStatus/OriginalMessageId})
     * @param code              {@code RejectionReasonCode}, {@code StatusCode} (an integer) or {@code StatusCategory}
     * @param description       {@code RejectionReasonDescription}, {@code StatusDescription} or {@code StatusDetails}
     */
    record StatusAnswer(AnswerKind kind, String originalMessageId, String code, String description)
            implements Content {

        StatusAnswer {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(originalMessageId, "originalMessageId");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(description, "description");
        }
    }
}
