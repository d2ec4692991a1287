package ru.moku.gateway.intake;

/**
 * What happens in SMEV to a pulled message whose signature does not verify; it is stored with status -1 and an
 * {@code SIGNATURE_INVALID} incident either way ({@code moku.gateway.smev.verification.invalid-signature-policy}).
 */
public enum InvalidSignaturePolicy {
    /**
     * Acknowledge it: our stored copy is the evidence, and SMEV does not deliver it again and again (an unverifiable
     * message stays unverifiable). The default.
     */
    ACK,
    /** Leave it in SMEV (no Ack): SMEV redelivers it until someone deals with it there; each delivery counts on the incident. */
    KEEP
}
