package ru.moku.gateway.inboundauth;

/** How the push endpoint ({@code POST /smev/inbound}) knows that the caller is our SMEV adapter. */
public enum InboundAuthMode {
    /** Nobody is asked for a credential: only where the network already guarantees the caller (a warning at start-up). */
    NONE,
    /** Mutual TLS: the client certificate of the TLS session must be one of the configured adapter certificates. */
    MTLS,
    /** A signed request: HMAC-SHA256 with a shared secret per key id over method, path, timestamp and body digest. */
    HMAC
}
