package ru.moku.gateway.mtom;

/**
 * An MTOM message the gateway will not read: over a size limit ({@link #tooLarge()}: the push endpoint answers 413),
 * or not a well-formed {@code multipart/related} XOP package (400). Nothing of it is kept: its parts are deleted
 * before this is signalled.
 */
public class MtomException extends RuntimeException {

    private final boolean tooLarge;

    private MtomException(String reason, boolean tooLarge) {
        super(reason, null, false, false);
        this.tooLarge = tooLarge;
    }

    public static MtomException tooLarge(String reason) {
        return new MtomException(reason, true);
    }

    public static MtomException malformed(String reason) {
        return new MtomException(reason, false);
    }

    /** Whether a size or count limit was exceeded (rather than the package being malformed). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
