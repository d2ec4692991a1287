package ru.moku.gateway.attachments;

/**
 * An attachment makes the whole SMEV message unacceptable for now: missing, corrupt (digest or signature), or
 * too large. The message is not stored and not acknowledged (SMEV keeps it); an {@code ATTACHMENT_INVALID}
 * incident records why.
 */
public class AttachmentRefusedException extends RuntimeException {

    private final boolean tooLarge;

    public AttachmentRefusedException(String reason, boolean tooLarge) {
        super(reason, null, false, false);
        this.tooLarge = tooLarge;
    }

    /** Whether the reason is a size limit (the push endpoint answers 413 instead of 422). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
