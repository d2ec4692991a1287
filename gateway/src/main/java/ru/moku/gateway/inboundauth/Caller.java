package ru.moku.gateway.inboundauth;

import java.util.Objects;

/**
 * Who pushed, once authenticated: the key of its rate limit and the name in the logs.
 *
 * @param id          stable id of the client: the HMAC key id, the certificate's SHA-256 fingerprint or the peer IP
 * @param description what a reader of the log recognises (key id, certificate subject, address)
 */
public record Caller(String id, String description) {

    public Caller {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
    }
}
