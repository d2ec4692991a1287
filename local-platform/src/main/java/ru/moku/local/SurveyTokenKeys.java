package ru.moku.local;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The key pair of one platform run for the survey links' ES256 tokens (EC P-256): card-processor signs with the
 * private key, survey-service and the gateway check with the public one. Made fresh for every run — a deployment
 * takes its keys from secrets; here no token outlives the JVM.
 *
 * @param privateKeyPem PKCS#8 PEM
 * @param publicKeyPem  X.509 PEM
 */
record SurveyTokenKeys(String privateKeyPem, String publicKeyPem) {

    static SurveyTokenKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new SurveyTokenKeys(pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
                    pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make an EC P-256 key pair: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        return "-----BEGIN " + type + "-----\n" + base64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
