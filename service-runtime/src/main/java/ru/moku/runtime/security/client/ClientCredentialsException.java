package ru.moku.runtime.security.client;

/**
 * No client-credentials token could be obtained: the token endpoint was unreachable, slow, or refused this client.
 * The call that needed the token fails with it; its client maps it to its partner failure type (a transient one:
 * the issuer may be back, or its configuration fixed, by the next attempt).
 */
public class ClientCredentialsException extends RuntimeException {

    public ClientCredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
