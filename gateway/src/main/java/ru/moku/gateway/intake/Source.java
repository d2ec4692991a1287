package ru.moku.gateway.intake;

/** How an SMEV message reached the gateway (stored in {@code raw_message.source}). */
public enum Source {
    /** Taken by the gateway's own GetResponse/Ack loop. */
    PULL,
    /** {@code POST}ed to {@code /smev/inbound} by an SMEV adapter. */
    PUSH
}
