package ru.moku.gateway.attachments;

/** Where an attachment's content is (stored in {@code attachment.status}). */
public enum AttachmentStatus {
    /** MTOM or inline content, stored with the message. */
    STORED,
    /** A file on SMEV's file storage not fetched yet (waiting for its next attempt). */
    PENDING,
    /** A file on SMEV's file storage, fetched and stored. */
    FETCHED,
    /** A file on SMEV's file storage that could not be had in all the attempts; an incident says why. */
    UNAVAILABLE;

    /** Whether the content can be served. */
    public boolean hasContent() {
        return this == STORED || this == FETCHED;
    }
}
