package ru.moku.gateway.inboundauth;

import org.springframework.web.server.ServerWebExchange;

/** One {@link InboundAuthMode}: decides from the request's headers and TLS session, never blocks. */
@FunctionalInterface
public interface PushAuthenticator {

    AuthDecision authenticate(ServerWebExchange exchange);
}
