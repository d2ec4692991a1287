package ru.moku.smev.crypto;

/**
 * Key material that cannot be read or used, or a signature that cannot be made: a configuration or programming
 * error, never "this message's signature is wrong" (that is a {@link Verification.Invalid}). The message names the
 * file, alias or element concerned.
 */
public class SmevCryptoException extends RuntimeException {

    public SmevCryptoException(String message) {
        super(message);
    }

    public SmevCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
