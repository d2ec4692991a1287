package ru.moku.smev.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads keys and certificates from files given by configuration (never from the class path or an image). Every
 * failure is a {@link SmevCryptoException} whose message names the file and, where it matters, the alias — the
 * message an operator sees when a service refuses to start.
 */
public final class KeyMaterial {

    private static final String PKCS12 = "PKCS12";
    private static final byte[] PEM_START = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);

    private KeyMaterial() {
    }

    /** The private key and certificate under {@code settings.alias()} (or the only key entry) of a PKCS#12 file. */
    public static SigningKey signingKey(KeyStoreSettings settings) {
        KeyStore store = load(settings.path(), settings.password());
        char[] password = chars(settings.password());
        try {
            String alias = settings.alias() == null || settings.alias().isBlank()
                    ? onlyKeyAlias(store, settings.path())
                    : settings.alias();
            if (!store.isKeyEntry(alias)) {
                throw new SmevCryptoException("key store " + settings.path() + " has no private key under alias \""
                        + alias + "\" (aliases: " + Collections.list(store.aliases()) + ")");
            }
            Key key = store.getKey(alias, password);
            Certificate certificate = store.getCertificate(alias);
            if (!(key instanceof PrivateKey privateKey) || !(certificate instanceof X509Certificate x509)) {
                throw new SmevCryptoException("key store " + settings.path() + ", alias \"" + alias
                        + "\": not a private key with an X.509 certificate");
            }
            return new SigningKey(privateKey, x509);
        } catch (GeneralSecurityException e) {
            throw new SmevCryptoException("key store " + settings.path() + ": the key under alias \"" + settings.alias()
                    + "\" cannot be read: wrong key password? (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every certificate in a PKCS#12 file (certificate entries and the certificates of key entries) or a PEM file
     * (one or more {@code -----BEGIN CERTIFICATE-----} blocks); {@code password} is ignored for PEM.
     */
    public static TrustedCertificates trusted(Path pkcs12OrPemFile, String password) {
        List<X509Certificate> certificates = isPem(pkcs12OrPemFile)
                ? readPem(pkcs12OrPemFile)
                : readPkcs12Certificates(pkcs12OrPemFile, password);
        if (certificates.isEmpty()) {
            throw new SmevCryptoException("trust store " + pkcs12OrPemFile + " holds no certificate");
        }
        return TrustedCertificates.of(certificates);
    }

    private static KeyStore load(Path path, String password) {
        requireReadable(path, "key store");
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(PKCS12, SmevXmlSecurity.provider());
            store.load(in, chars(password));
            return store;
        } catch (IOException e) {
            // PKCS#12's MAC check fails the same way for a wrong password and for a file that is not PKCS#12.
            throw new SmevCryptoException("key store " + path + " cannot be opened: wrong password or not a PKCS#12 file ("
                    + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw new SmevCryptoException("key store " + path + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static String onlyKeyAlias(KeyStore store, Path path) throws GeneralSecurityException {
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new SmevCryptoException("key store " + path + " holds " + keys.size()
                    + " private keys " + keys + ": name the alias to use");
        }
        return keys.get(0);
    }

    private static List<X509Certificate> readPkcs12Certificates(Path path, String password) {
        KeyStore store = load(path, password);
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificates.add(certificate);
                }
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new SmevCryptoException("trust store " + path + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static List<X509Certificate> readPem(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509", SmevXmlSecurity.provider());
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : factory.generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new SmevCryptoException("trust store " + path + " is not a readable PEM file (" + e.getMessage() + ")",
                    e);
        }
    }

    private static boolean isPem(Path path) {
        requireReadable(path, "trust store");
        try (InputStream in = Files.newInputStream(path)) {
            byte[] start = in.readNBytes(64);
            String head = new String(start, StandardCharsets.US_ASCII).stripLeading();
            return head.startsWith(new String(PEM_START, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new SmevCryptoException("trust store " + path + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private static void requireReadable(Path path, String what) {
        if (!Files.isRegularFile(path)) {
            throw new SmevCryptoException(what + " " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new SmevCryptoException(what + " " + path.toAbsolutePath() + " is not readable");
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
