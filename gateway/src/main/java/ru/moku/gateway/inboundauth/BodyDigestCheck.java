package ru.moku.gateway.inboundauth;

import java.security.MessageDigest;
import java.util.Base64;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/**
 * The request with its body's SHA-256 computed while the body streams through (nothing is buffered here) and compared
 * with the signed digest at its end: a different body ends the body's stream with a 401 instead of completing it, so
 * the push controller, which stores only after the whole body was read, stores nothing.
 */
final class BodyDigestCheck extends ServerHttpRequestDecorator {

    private final String expectedSha256;

    BodyDigestCheck(ServerHttpRequest delegate, String expectedSha256) {
        super(delegate);
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> {
            MessageDigest digest = HmacRequestSignature.sha256();
            return super.getBody()
                    .doOnNext(buffer -> update(digest, buffer))
                    .concatWith(Flux.defer(() -> matches(digest) ? Flux.empty()
                            : Flux.error(InboundAuthProblems.unauthenticatedException(
                                    "the body is not the one whose digest was signed", getPath().value()))));
        });
    }

    private static void update(MessageDigest digest, DataBuffer buffer) {
        // Reads without moving the buffer's read position: the controller still reads every byte.
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            chunks.forEachRemaining(digest::update);
        }
    }

    private boolean matches(MessageDigest digest) {
        String actual = Base64.getEncoder().encodeToString(digest.digest());
        return HmacRequestSignature.sameSignature(actual, expectedSha256.trim());
    }
}
