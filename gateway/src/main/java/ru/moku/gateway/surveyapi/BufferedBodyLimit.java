package ru.moku.gateway.surveyapi;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The body limit for bodies without a {@code Content-Length} (chunked), which Spring Cloud Gateway's
 * {@code RequestSize} filter cannot see: the body is counted while it streams in and read completely — at most
 * {@code maxBytes} — before anything is sent to survey-service. A body growing past the limit is answered 413 as soon as
 * it does, and not one byte of it reaches survey-service (forwarding it while it streams would send survey-service the
 * first part of a request that is then cut off). The whole body is then forwarded from Spring Cloud Gateway's cached
 * request body ({@link ServerWebExchangeUtils#cacheRequestBodyAndRequest}), released after the exchange.
 */
public class BufferedBodyLimit implements GatewayFilter {

    private final long maxBytes;

    public BufferedBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerWebExchange limited = exchange.mutate().request(limitedBody(exchange.getRequest())).build();
        return ServerWebExchangeUtils.cacheRequestBodyAndRequest(limited,
                cached -> chain.filter(limited.mutate().request(cached).build()));
    }

    private ServerHttpRequest limitedBody(ServerHttpRequest request) {
        String path = request.getPath().value();
        return new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                AtomicLong seen = new AtomicLong();
                return super.getBody().handle((buffer, sink) -> {
                    if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                        DataBufferUtils.release(buffer);
                        sink.error(SurveyApiProblems.exception(SurveyApiProblems.payloadTooLarge(maxBytes, path)));
                        return;
                    }
                    sink.next(buffer);
                });
            }
        };
    }
}
