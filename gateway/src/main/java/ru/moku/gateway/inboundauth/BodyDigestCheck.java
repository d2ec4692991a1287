package ru.moku.gateway.inboundauth;

import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/**
 * The request with its body's SHA-256 computed while the body streams through and compared with the signed digest at
 * its end: a different body ends the body's stream with a 401 instead of completing it, so nothing is stored.
 *
 * <p>A reader need not wait for the end of the stream: a multipart reader is done at the closing delimiter and would
 * never see an error that comes after it. So the last {@value #HELD_TAIL} bytes (more than the longest closing
 * delimiter, RFC 2046: 70 characters of boundary) are held back until the digest is checked — no reader sees the end of
 * a body before it is known to be the signed one. Everything before the tail passes on at once; nothing is buffered
 * whole.
 */
final class BodyDigestCheck extends ServerHttpRequestDecorator {

    /** Bytes held back at the end of the body until its digest is checked. */
    static final int HELD_TAIL = 128;

    private final String expectedSha256;

    BodyDigestCheck(ServerHttpRequest delegate, String expectedSha256) {
        super(delegate);
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public Flux<DataBuffer> getBody() {
        return Flux.defer(() -> {
            MessageDigest digest = HmacRequestSignature.sha256();
            Tail tail = new Tail();
            return super.getBody()
                    .concatMapIterable(buffer -> {
                        update(digest, buffer);
                        return tail.hold(buffer);
                    })
                    .concatWith(Flux.defer(() -> {
                        List<DataBuffer> rest = tail.drain();
                        if (matches(digest)) {
                            return Flux.fromIterable(rest);
                        }
                        rest.forEach(DataBufferUtils::release);
                        return Flux.error(InboundAuthProblems.unauthenticatedException(
                                "the body is not the one whose digest was signed", getPath().value()));
                    }))
                    .doFinally(signal -> tail.drain().forEach(DataBufferUtils::release));
        });
    }

    private static void update(MessageDigest digest, DataBuffer buffer) {
        // Reads without moving the buffer's read position: the reader still gets every byte.
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            chunks.forEachRemaining(digest::update);
        }
    }

    private boolean matches(MessageDigest digest) {
        String actual = Base64.getEncoder().encodeToString(digest.digest());
        return HmacRequestSignature.sameSignature(actual, expectedSha256.trim());
    }

    /** The buffers at the end of the body, at least {@value #HELD_TAIL} bytes of them while there are that many. */
    private static final class Tail {

        private final Deque<DataBuffer> held = new ArrayDeque<>();
        private long heldBytes;

        /** Holds {@code buffer}; returns the buffers that may pass on now. */
        synchronized List<DataBuffer> hold(DataBuffer buffer) {
            held.addLast(buffer);
            heldBytes += buffer.readableByteCount();
            List<DataBuffer> passing = new ArrayList<>();
            while (!held.isEmpty() && heldBytes - held.peekFirst().readableByteCount() >= HELD_TAIL) {
                DataBuffer first = held.pollFirst();
                heldBytes -= first.readableByteCount();
                passing.add(first);
            }
            return passing;
        }

        /** Every buffer still held, in order; the tail is empty afterwards. */
        synchronized List<DataBuffer> drain() {
            List<DataBuffer> rest = new ArrayList<>(held);
            held.clear();
            heldBytes = 0;
            return rest;
        }
    }
}
