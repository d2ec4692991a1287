package ru.moku.gateway.inboundauth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Mode {@link InboundAuthMode#HMAC}: checks {@link HmacRequestSignature}'s headers. A missing header, an unknown key
 * id, a timestamp further than {@code window} from now (a replay, or a clock that is off) or a signature that does not
 * match is 401; otherwise the body is handed on wrapped in a {@link BodyDigestCheck}, which fails the read — before
 * anything is stored — when the body is not the one whose digest was signed.
 */
public final class HmacAuthenticator implements PushAuthenticator {

    private final Map<String, byte[]> secrets;
    private final Duration window;
    private final Clock clock;

    /**
     * @param secrets the shared secret of each key id
     * @param window  how far a request's timestamp may be from now, either way
     * @param clock   the gateway's clock
     */
    public HmacAuthenticator(Map<String, String> secrets, Duration window, Clock clock) {
        Map<String, byte[]> bytes = new HashMap<>();
        secrets.forEach((keyId, secret) -> bytes.put(keyId, secret.getBytes(StandardCharsets.UTF_8)));
        this.secrets = Map.copyOf(bytes);
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The JCA provider lookup happens once here, at start-up, not on the first request's event loop.
        HmacRequestSignature.sign(new byte[] {1}, "POST", "/", 0, HmacRequestSignature.contentSha256(new byte[0]));
    }

    @Override
    public AuthDecision authenticate(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders headers = request.getHeaders();
        String keyId = headers.getFirst(HmacRequestSignature.KEY_ID);
        String timestamp = headers.getFirst(HmacRequestSignature.TIMESTAMP);
        String contentSha256 = headers.getFirst(HmacRequestSignature.CONTENT_SHA256);
        String signature = headers.getFirst(HmacRequestSignature.SIGNATURE);
        if (keyId == null || timestamp == null || contentSha256 == null || signature == null) {
            return new AuthDecision.Unauthenticated("the request is not signed: " + HmacRequestSignature.KEY_ID + ", "
                    + HmacRequestSignature.TIMESTAMP + ", " + HmacRequestSignature.CONTENT_SHA256 + " and "
                    + HmacRequestSignature.SIGNATURE + " are required");
        }
        byte[] secret = secrets.get(keyId);
        if (secret == null) {
            return new AuthDecision.Unauthenticated("unknown key id");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return new AuthDecision.Unauthenticated(HmacRequestSignature.TIMESTAMP + " is not Unix seconds");
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (skew > window.toSeconds()) {
            return new AuthDecision.Unauthenticated("the request's timestamp is " + skew
                    + " s away from the gateway's clock (at most " + window.toSeconds() + " s)");
        }
        String expected = HmacRequestSignature.sign(secret, request.getMethod().name(), request.getPath().value(),
                seconds, contentSha256);
        if (!HmacRequestSignature.sameSignature(expected, signature.trim())) {
            return new AuthDecision.Unauthenticated("the signature does not match");
        }
        return new AuthDecision.Allowed(new Caller(keyId, "HMAC key " + keyId),
                new BodyDigestCheck(request, contentSha256));
    }
}
