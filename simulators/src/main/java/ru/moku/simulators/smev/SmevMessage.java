package ru.moku.simulators.smev;

import java.time.Instant;
import java.util.Objects;

/**
 * A response message waiting in the simulated SMEV queue.
 *
 * @param messageId        SMEV's {@code MessageMetadata/MessageId}: what the receiver acknowledges
 * @param sendingTimestamp when the (simulated) provider sent it to SMEV
 * @param content          what is delivered
 */
record SmevMessage(String messageId, Instant sendingTimestamp, Content content) {

    SmevMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(sendingTimestamp, "sendingTimestamp");
        Objects.requireNonNull(content, "content");
    }

    /** What a message delivers. */
    sealed interface Content permits PrimaryContent, CompleteResponse {
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
}
