package ru.moku.gateway.inboundauth;

import org.springframework.http.server.reactive.ServerHttpRequest;

/** What an {@link PushAuthenticator} decided about one request. */
public sealed interface AuthDecision {

    /**
     * The caller is our adapter; {@code request} is what the push controller reads (the HMAC check wraps the body so
     * that its digest is compared with the signed one while it streams in).
     */
    record Allowed(Caller caller, ServerHttpRequest request) implements AuthDecision {
    }

    /** No credential, or one that does not prove anything: 401. */
    record Unauthenticated(String reason) implements AuthDecision {
    }

    /** A valid credential of somebody who may not push: 403. */
    record Forbidden(String reason) implements AuthDecision {
    }
}
