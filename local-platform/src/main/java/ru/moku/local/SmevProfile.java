package ru.moku.local;

/**
 * How much of real SMEV 3 a {@link Platform} speaks (issue 10): as the SMEV simulator always spoke it (plain
 * {@code text/xml}, nothing signed, anyone may push), or as SMEV really is.
 *
 * @param real    the SMEV simulator answers {@code GetResponse} as MTOM ({@code start} split RFC 2231-style), serves
 *                {@code FSAttachmentsList} files from its FTP file storage (on a free port, which the gateway fetches
 *                from) and queues an {@code AsyncProcessingStatus} after each accepted {@code SendRequest}; only a
 *                signed request (HMAC, a secret made for the run) may push to the gateway
 * @param signing GOST R 34.10-2012 signatures both ways, with keys made for the run ({@link SmevKeys}): the simulator
 *                signs what it delivers (sender's and SMEV's signatures, PKCS#7 of attachments) and refuses unsigned
 *                callers; the gateway signs its requests and checks the signatures of messages and attachments
 */
public record SmevProfile(boolean real, boolean signing) {

    /** SMEV as the simulator spoke it before issue 10: what the benchmarks' push and pull phases measure. */
    public static final SmevProfile PLAIN = new SmevProfile(false, false);
    /** Real SMEV, signatures included: the local run's default and the end-to-end tests'. */
    public static final SmevProfile REAL = new SmevProfile(true, true);
    /** Real SMEV without signatures ({@code ./run-local.sh --signing=off}). */
    public static final SmevProfile REAL_UNSIGNED = new SmevProfile(true, false);

    /** Real SMEV, signed or not. */
    public static SmevProfile real(boolean signing) {
        return signing ? REAL : REAL_UNSIGNED;
    }
}
