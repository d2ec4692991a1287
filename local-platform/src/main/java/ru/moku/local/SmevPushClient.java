package ru.moku.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an SMEV adapter does to push a message to the gateway ({@code POST /smev/inbound}), for the end-to-end tests
 * and anyone driving a local run (blocking; main threads). With credentials each request is signed as the gateway's
 * mode HMAC wants it (gateway README, "Intake authentication"): {@code X-Moku-Key-Id}, {@code X-Moku-Timestamp} (Unix
 * seconds), {@code X-Moku-Content-SHA256} (base64 SHA-256 of the body) and {@code X-Moku-Signature} = base64
 * HMAC-SHA256(secret, {@code "POST\n/smev/inbound\n" + timestamp + "\n" + content digest}). Written here from that
 * description rather than with the gateway's own class, so the end-to-end tests check the contract from the adapter's
 * side.
 */
public final class SmevPushClient {

    static final String PATH = "/smev/inbound";
    private static final String METHOD = "POST";
    private static final String HMAC = "HmacSHA256";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final Optional<PushCredentials> credentials;
    private final Clock clock;

    /** Pushes signed with {@code credentials} (none: unsigned, for a gateway that lets anyone push). */
    public SmevPushClient(String gatewayUrl, Optional<PushCredentials> credentials) {
        this(gatewayUrl, credentials, Clock.systemUTC());
    }

    SmevPushClient(String gatewayUrl, Optional<PushCredentials> credentials, Clock clock) {
        this.gatewayUrl = gatewayUrl;
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * The gateway's answer.
     *
     * @param status HTTP status
     * @param body   its body (a receipt or a problem)
     */
    public record Answer(int status, String body) {
    }

    /** Pushes {@code body} with {@code contentType} ({@code text/xml}, or {@code multipart/related; …} for MTOM). */
    public Answer push(byte[] body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gatewayUrl + PATH))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        credentials.ifPresent(signing -> sign(request, signing, body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(METHOD + " " + PATH + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Pushes an XML document. */
    public Answer pushXml(String xml) {
        return push(xml.getBytes(StandardCharsets.UTF_8), "text/xml; charset=UTF-8");
    }

    private void sign(HttpRequest.Builder request, PushCredentials signing, byte[] body) {
        signatureHeaders(signing, body, clock.instant().getEpochSecond()).forEach(request::header);
    }

    /**
     * The headers that authenticate a push of {@code body} at {@code epochSecond} with {@code signing} (HMAC-SHA256 of
     * method, path, timestamp and the body's SHA-256), for a client of its own (a benchmark's non-blocking one).
     */
    public static Map<String, String> signatureHeaders(PushCredentials signing, byte[] body, long epochSecond) {
        String contentSha256 = Base64.getEncoder().encodeToString(sha256(body));
        String signed = METHOD + "\n" + PATH + "\n" + epochSecond + "\n" + contentSha256;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Moku-Key-Id", signing.keyId());
        headers.put("X-Moku-Timestamp", String.valueOf(epochSecond));
        headers.put("X-Moku-Content-SHA256", contentSha256);
        headers.put("X-Moku-Signature", Base64.getEncoder().encodeToString(
                hmac(signing.secret(), signed.getBytes(StandardCharsets.UTF_8))));
        return headers;
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }
}
