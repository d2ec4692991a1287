package ru.moku.gateway.intake;

/** A valid message whose service data could not be split into cards (raw status -2). */
public final class SplitException extends Exception {

    public SplitException(String message) {
        super(message);
    }

    public SplitException(String message, Throwable cause) {
        super(message, cause);
    }
}
