package ru.moku.gateway.inboundauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class BodyDigestCheckUnitTests {

    private static final byte[] BODY = "x".repeat(300).getBytes(StandardCharsets.US_ASCII);

    @Test
    void theEndOfTheBodyIsHeldBackUntilTheDigestIsCheckedThenPassesOn() {
        Sinks.Many<DataBuffer> upstream = Sinks.many().unicast().onBackpressureBuffer();
        BodyDigestCheck check = new BodyDigestCheck(request(upstream), HmacRequestSignature.contentSha256(BODY));

        StepVerifier.create(check.getBody().map(BodyDigestCheckUnitTests::size))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 0, 100))))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 100, 200))))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 200, 300))))
                // 300 bytes arrived: the first 100 pass, the last 200 (at least HELD_TAIL) wait for the end.
                .expectNext(100)
                .then(upstream::tryEmitComplete)
                .expectNext(100, 100)
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void aReaderThatStopsBeforeTheEndNeverSeesTheTailOfAnUnsignedBody() {
        Sinks.Many<DataBuffer> upstream = Sinks.many().unicast().onBackpressureBuffer();
        BodyDigestCheck check = new BodyDigestCheck(request(upstream),
                HmacRequestSignature.contentSha256("another body".getBytes(StandardCharsets.US_ASCII)));

        StepVerifier.create(check.getBody().map(BodyDigestCheckUnitTests::size))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 0, 100))))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 100, 200))))
                .then(() -> upstream.tryEmitNext(wrap(Arrays.copyOfRange(BODY, 200, 300))))
                .expectNext(100)
                // The last 200 bytes — where a multipart body's closing delimiter is — are never handed on.
                .then(upstream::tryEmitComplete)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(401)))
                .verify(Duration.ofSeconds(30));
    }

    private static MockServerHttpRequest request(Sinks.Many<DataBuffer> upstream) {
        return MockServerHttpRequest.post("/smev/inbound").body(upstream.asFlux());
    }

    private static DataBuffer wrap(byte[] bytes) {
        return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    }

    private static int size(DataBuffer buffer) {
        int size = buffer.readableByteCount();
        DataBufferUtils.release(buffer);
        return size;
    }
}
