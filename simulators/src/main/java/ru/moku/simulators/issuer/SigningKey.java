package ru.moku.simulators.issuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The issuer's RSA key: signs the tokens, published (public half only) as the JWKS. Its {@code kid} is the key's
 * RFC 7638 thumbprint, so the same key file gives the same {@code kid} after a restart and in every replica.
 */
final class SigningKey {

    static final int KEY_SIZE = 2048;
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final RSAKey key;
    private final RSASSASigner signer;

    private SigningKey(RSAPublicKey publicKey, RSAPrivateCrtKey privateKey) {
        try {
            this.key = new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint()
                    .build();
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot use the RSA key: " + e.getMessage(), e);
        }
    }

    /** A new 2048-bit key, kept in memory only. */
    static SigningKey generate() {
        KeyPair pair = newKeyPair();
        return new SigningKey((RSAPublicKey) pair.getPublic(), (RSAPrivateCrtKey) pair.getPrivate());
    }

    /**
     * The key in {@code file} (PKCS#8 PEM, {@code -----BEGIN PRIVATE KEY-----}, as {@code openssl genpkey} writes it);
     * when the file does not exist, a new key written there first (readable by its owner only).
     */
    static SigningKey fromFile(Path file) {
        try {
            if (Files.notExists(file)) {
                write(file, newKeyPair());
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the issuer's key file " + file, e);
        }
    }

    String keyId() {
        return key.getKeyID();
    }

    RSASSASigner signer() {
        return signer;
    }

    /** The public half as a JWK Set (RFC 7517), the {@code jwks_uri} document. */
    JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key", e);
        }
    }

    /** Written beside the target and moved into place, so that a reader never sees half a key. */
    private static void write(Path file, KeyPair pair) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".issuer-key", ".tmp");
        try {
            ownerOnly(temporary);
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded());
            Files.writeString(temporary, PEM_BEGIN + "\n" + base64 + "\n" + PEM_END + "\n", StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static SigningKey read(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("The issuer's key file " + file
                    + " is not a PKCS#8 PEM private key (" + PEM_BEGIN + ")");
        }
        String base64 = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new SigningKey(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("The issuer's key file " + file + " holds no RSA private key", e);
        }
    }
}
