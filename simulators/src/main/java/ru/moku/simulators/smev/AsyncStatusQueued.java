package ru.moku.simulators.smev;

/**
 * An {@code AsyncProcessingStatus} the simulator queued for an accepted {@code SendRequest}.
 *
 * @param messageId         SMEV MessageId of the status message (what the receiver acknowledges)
 * @param originalMessageId the SendRequest's MessageID
 * @param statusCategory    {@code messageIsDelivered} or {@code requestIsRejectedBySmev}
 */
public record AsyncStatusQueued(String messageId, String originalMessageId, String statusCategory) {
}
