package ru.moku.simulators.smev;

/**
 * Signs what the simulator delivers, as SMEV and the sending information system would: the envelope's
 * {@code SenderInformationSystemSignature} (over {@code SenderProvidedResponseData}) and {@code SMEVSignature} (over
 * {@code Response}), and attachments with detached PKCS#7 signatures. CPU work: callers run it on the crypto pool.
 */
interface ResponseSigning {

    /** Signs nothing: today's unsigned simulator. Tampering then has nothing to break, so it is refused earlier. */
    ResponseSigning NONE = new ResponseSigning() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public String sign(String envelope, boolean tamper) {
            return envelope;
        }

        @Override
        public byte[] signDetached(byte[] content) {
            return null;
        }
    };

    /** Whether anything is signed. */
    boolean enabled();

    /**
     * The {@code GetResponseResponse} envelope with its two signatures; with {@code tamper} the signed content is
     * changed afterwards ({@link Tampering}), so the signatures no longer verify.
     */
    String sign(String envelope, boolean tamper);

    /** Detached PKCS#7 signature of {@code content} with the sender's key, or null when not signing. */
    byte[] signDetached(byte[] content);
}
