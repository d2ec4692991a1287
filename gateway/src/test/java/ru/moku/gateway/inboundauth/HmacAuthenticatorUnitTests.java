package ru.moku.gateway.inboundauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class HmacAuthenticatorUnitTests {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-12-04T19:00:00Z");
    private static final byte[] BODY = "<ResponseMessage/>".getBytes(StandardCharsets.UTF_8);

    private final HmacAuthenticator authenticator = new HmacAuthenticator(Map.of("adapter-1", SECRET),
            Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCorrectlySignedRequestIsAllowedAsItsKeyId() {
        AuthDecision decision = authenticator.authenticate(signed("adapter-1", SECRET, NOW.getEpochSecond(), BODY, BODY));

        assertThat(decision).isInstanceOfSatisfying(AuthDecision.Allowed.class,
                allowed -> assertThat(allowed.caller().id()).isEqualTo("adapter-1"));
    }

    @Test
    void aRequestWithoutTheHeadersIsUnauthenticated() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/smev/inbound").body("x"));

        assertThat(authenticator.authenticate(exchange)).isInstanceOf(AuthDecision.Unauthenticated.class);
    }

    @Test
    void anUnknownKeyIdIsUnauthenticated() {
        assertThat(authenticator.authenticate(signed("stranger", SECRET, NOW.getEpochSecond(), BODY, BODY)))
                .isEqualTo(new AuthDecision.Unauthenticated("unknown key id"));
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsUnauthenticated() {
        assertThat(authenticator.authenticate(signed("adapter-1", SECRET.replace('0', 'x'), NOW.getEpochSecond(),
                BODY, BODY))).isEqualTo(new AuthDecision.Unauthenticated("the signature does not match"));
    }

    @Test
    void aTimestampOutsideTheWindowIsUnauthenticatedAsAPossibleReplay() {
        long sixMinutesAgo = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();

        assertThat(authenticator.authenticate(signed("adapter-1", SECRET, sixMinutesAgo, BODY, BODY)))
                .isInstanceOfSatisfying(AuthDecision.Unauthenticated.class,
                        refused -> assertThat(refused.reason()).contains("360 s away"));
    }

    @Test
    void theSignedBodyStreamsThroughUnchanged() {
        AuthDecision.Allowed allowed = (AuthDecision.Allowed) authenticator.authenticate(
                signed("adapter-1", SECRET, NOW.getEpochSecond(), BODY, BODY));

        StepVerifier.create(DataBufferUtils.join(allowed.request().getBody()).map(HmacAuthenticatorUnitTests::text))
                .expectNext("<ResponseMessage/>")
                .verifyComplete();
    }

    @Test
    void aBodyOtherThanTheSignedOneEndsItsStreamWith401() {
        byte[] tampered = "<ResponseMessage>changed</ResponseMessage>".getBytes(StandardCharsets.UTF_8);
        AuthDecision.Allowed allowed = (AuthDecision.Allowed) authenticator.authenticate(
                signed("adapter-1", SECRET, NOW.getEpochSecond(), BODY, tampered));

        StepVerifier.create(DataBufferUtils.join(allowed.request().getBody()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(401)))
                .verify();
    }

    /** A push whose headers sign {@code signedBody} and whose actual body is {@code sentBody}. */
    private static MockServerWebExchange signed(String keyId, String secret, long timestamp, byte[] signedBody,
                                                byte[] sentBody) {
        String digest = HmacRequestSignature.contentSha256(signedBody);
        String signature = HmacRequestSignature.sign(secret.getBytes(StandardCharsets.UTF_8), "POST", "/smev/inbound",
                timestamp, digest);
        Flux<DataBuffer> body = Flux.just(sentBody.length / 2, sentBody.length).index()
                .map(bounds -> DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOfRange(sentBody,
                        bounds.getT1() == 0 ? 0 : sentBody.length / 2, bounds.getT2())));
        return MockServerWebExchange.from(MockServerHttpRequest.post("/smev/inbound")
                .header(HmacRequestSignature.KEY_ID, keyId)
                .header(HmacRequestSignature.TIMESTAMP, Long.toString(timestamp))
                .header(HmacRequestSignature.CONTENT_SHA256, digest)
                .header(HmacRequestSignature.SIGNATURE, signature)
                .body(body));
    }

    private static String text(DataBuffer buffer) {
        String text = buffer.toString(StandardCharsets.UTF_8);
        DataBufferUtils.release(buffer);
        return text;
    }
}
