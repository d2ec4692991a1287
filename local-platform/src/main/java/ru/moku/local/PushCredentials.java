package ru.moku.local;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The shared secret of the run's SMEV adapter for the gateway's push endpoint (mode HMAC, {@code
 * moku.gateway.push.auth.hmac.keys.<keyId>}): made fresh for every run, like {@link SurveyTokenKeys}; a deployment
 * takes it from its secrets.
 *
 * @param keyId  the key id a push names ({@code X-Moku-Key-Id})
 * @param secret the secret (43 characters, 256 random bits; the gateway wants at least 32)
 */
public record PushCredentials(String keyId, String secret) {

    /** The key id of the local run's adapter. */
    public static final String LOCAL_KEY_ID = "local-adapter";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PushCredentials generate() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new PushCredentials(LOCAL_KEY_ID, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Never the secret itself in a log line or an assertion message. */
    @Override
    public String toString() {
        return "PushCredentials[keyId=" + keyId + ", secret=…]";
    }
}
