package ru.moku.gateway.surveyapi;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The rate limit's key: the client's IP, under a prefix of our own (environments and tests sharing one Redis). The IP is
 * the request's remote address: the peer, or — behind the ingress, with {@code server.forward-headers-strategy=framework}
 * — the client named in the ingress's {@code X-Forwarded-For}.
 */
public class ClientIpKeyResolver implements KeyResolver {

    private final String prefix;

    public ClientIpKeyResolver(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return Mono.just(prefix + clientOf(exchange.getRequest().getRemoteAddress()));
    }

    private static String clientOf(InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() == null ? remote.getHostString() : remote.getAddress().getHostAddress();
    }
}
