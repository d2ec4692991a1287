package ru.moku.gateway.inboundauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed-request scheme of the push endpoint (mode {@link InboundAuthMode#HMAC}), the one contract between our SMEV
 * adapter and the gateway. The adapter sends four headers:
 * <pre>
 * X-Moku-Key-Id:         adapter-1                       (which shared secret)
 * X-Moku-Timestamp:      1733338800                      (Unix seconds, UTC)
 * X-Moku-Content-SHA256: base64(SHA-256(body bytes))
 * X-Moku-Signature:      base64(HMAC-SHA256(secret, METHOD + "\n" + PATH + "\n" + TIMESTAMP + "\n" + CONTENT-SHA256))
 * </pre>
 * {@code PATH} is the request path as the gateway receives it ({@code /smev/inbound}, no query). The body digest is
 * covered by the signature and compared with the body as it arrives, so neither can be changed alone.
 */
public final class HmacRequestSignature {

    public static final String KEY_ID = "X-Moku-Key-Id";
    public static final String TIMESTAMP = "X-Moku-Timestamp";
    public static final String CONTENT_SHA256 = "X-Moku-Content-SHA256";
    public static final String SIGNATURE = "X-Moku-Signature";
    /** The scheme named in {@code WWW-Authenticate} of a 401. */
    public static final String SCHEME = "MOKU-HMAC-SHA256";

    private static final String MAC = "HmacSHA256";
    private static final String DIGEST = "SHA-256";

    private HmacRequestSignature() {
    }

    /** The string that is signed. */
    public static String canonical(String method, String path, long timestampSeconds, String contentSha256) {
        return method + "\n" + path + "\n" + timestampSeconds + "\n" + contentSha256;
    }

    /** {@code X-Moku-Signature} for a request: what the adapter sends, what the gateway recomputes. */
    public static String sign(byte[] secret, String method, String path, long timestampSeconds, String contentSha256) {
        return Base64.getEncoder().encodeToString(mac(secret,
                canonical(method, path, timestampSeconds, contentSha256).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code X-Moku-Content-SHA256} of a body. */
    public static String contentSha256(byte[] body) {
        return Base64.getEncoder().encodeToString(sha256().digest(body));
    }

    /** Compares in constant time, so the answer's timing tells nothing about how much of a guess was right. */
    static boolean sameSignature(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(DIGEST);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + DIGEST, e);
        }
    }

    private static byte[] mac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(new SecretKeySpec(secret, MAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + MAC, e);
        }
    }
}
