package ru.moku.model.identifiers;

import java.io.Serial;

/**
 * Thrown when a string is not a valid identifier of its kind. Carries the parts separately so a
 * caller can flag the card field without parsing the message.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String value;
    private final String reason;

    /**
     * @param kind   the identifier's Russian name, e.g. {@code ИНН}
     * @param value  the rejected input, may be {@code null}
     * @param reason why it was rejected, in English
     */
    public InvalidIdentifierException(String kind, String value, String reason) {
        super(kind + " '" + value + "': " + reason);
        this.kind = kind;
        this.value = value;
        this.reason = reason;
    }

    /** The identifier's Russian name: {@code ИНН}, {@code ОГРН}, {@code ОГРНИП}, {@code ОКТМО}. */
    public String kind() {
        return kind;
    }

    /** The rejected input exactly as given; {@code null} if none was given. */
    public String value() {
        return value;
    }

    /** Why the input was rejected, e.g. {@code check digit is 3, expected 7}. */
    public String reason() {
        return reason;
    }
}
