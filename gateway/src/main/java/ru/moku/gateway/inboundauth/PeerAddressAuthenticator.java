package ru.moku.gateway.inboundauth;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * Mode {@link InboundAuthMode#NONE}: everybody is let through, known by the peer address only (for the rate limit).
 * For a local run or a network where nothing but the adapter can reach the gateway; the gateway warns at start-up.
 */
public final class PeerAddressAuthenticator implements PushAuthenticator {

    @Override
    public AuthDecision authenticate(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null ? "unknown"
                : remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
        return new AuthDecision.Allowed(new Caller("ip:" + address, "peer " + address), exchange.getRequest());
    }
}
