package ru.moku.smev.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * GOST R 34.10-2012 (256) keys with X.509 certificates made on the spot, and PKCS#12 files holding them: for tests and
 * the local run, never for production keys (those come from an accredited CA and a certified crypto provider).
 *
 * <p>{@link #main(String[])} is the CLI {@code run-local.sh} uses to give the gateway and the SMEV simulator their key
 * and trust stores.
 */
public final class GostKeys {

    /** The password of every file {@link #main(String[])} writes. */
    public static final String LOCAL_PASSWORD = "changeit";

    private static final String KEY_ALGORITHM = "ECGOST3410-2012";
    /** TC26's 256-bit parameter set A, the usual curve of 34.10-2012 (256) certificates. */
    private static final String CURVE = "Tc26-Gost-3410-12-256-paramSetA";
    /** BouncyCastle's name for signing certificates with 34.10-2012 (256) over a 34.11-2012 (256) digest. */
    private static final String CERTIFICATE_SIGNATURE = "GOST3411WITHECGOST3410-2012-256";
    private static final Duration VALIDITY = Duration.ofDays(3 * 365);
    /** Back-dated so a clock a little behind on another machine still accepts a certificate made just now. */
    private static final Duration BACKDATING = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private GostKeys() {
    }

    /** A new key with a self-signed certificate (also usable as an issuer for {@link #issue}). */
    public static SigningKey generate(String commonName) {
        Instant now = Instant.now();
        return generate(commonName, now.minus(BACKDATING), now.plus(VALIDITY));
    }

    /** A new self-signed key valid in [{@code notBefore}, {@code notAfter}] (tests of validity dates). */
    static SigningKey generate(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = newKeyPair();
        X500Name subject = name(commonName);
        X509Certificate certificate = certificate(subject, pair.getPublic(), subject, pair.getPrivate(), true,
                notBefore, notAfter);
        return new SigningKey(pair.getPrivate(), certificate);
    }

    /** A new key whose certificate {@code issuer} signs. */
    public static SigningKey issue(String commonName, SigningKey issuer) {
        Instant now = Instant.now();
        KeyPair pair = newKeyPair();
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X509Certificate certificate = certificate(name(commonName), pair.getPublic(), issuerName,
                issuer.privateKey(), false, now.minus(BACKDATING), now.plus(VALIDITY));
        return new SigningKey(pair.getPrivate(), certificate);
    }

    /** Writes {@code key} with its certificate as the one key entry {@code alias} of a new PKCS#12 file. */
    public static void writePkcs12(Path file, String password, String alias, SigningKey key) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry(alias, key.privateKey(), password.toCharArray(), new Certificate[] {key.certificate()});
            store(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new SmevCryptoException("key store " + file + " cannot be written (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code certs} as certificate entries (aliases cert-1, cert-2, …) of a new PKCS#12 file. */
    public static void writeTrustStore(Path file, String password, X509Certificate... certs) {
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < certs.length; i++) {
                store.setCertificateEntry("cert-" + (i + 1), certs[i]);
            }
            store(store, file, password);
        } catch (GeneralSecurityException e) {
            throw new SmevCryptoException("trust store " + file + " cannot be written (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code GostKeys <dir>}: writes into {@code dir} (created if missing) {@code smev.p12} (SMEV's key),
     * {@code sender.p12} (a provider information system's key), {@code gateway.p12} (ours), {@code trust-smev.p12}
     * (SMEV's and the sender's certificates: what the gateway trusts) and {@code trust-gateway.p12} (the gateway's
     * certificate: what the SMEV simulator trusts), all with password {@value #LOCAL_PASSWORD}; the key aliases are
     * {@code smev}, {@code sender} and {@code gateway}.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp … ru.moku.smev.crypto.GostKeys <directory>");
            System.exit(2);
        }
        writeLocalKeys(Path.of(args[0]), System.out);
    }

    /** What {@link #main(String[])} does, printing each file written to {@code out}. */
    static void writeLocalKeys(Path dir, PrintStream out) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SmevCryptoException("directory " + dir + " cannot be created (" + e.getMessage() + ")", e);
        }
        SigningKey smev = generate("SMEV 3 (local simulator)");
        SigningKey sender = generate("Provider information system (local simulator)");
        SigningKey gateway = generate("MOKU gateway (local)");
        writeKey(out, dir.resolve("smev.p12"), "smev", smev);
        writeKey(out, dir.resolve("sender.p12"), "sender", sender);
        writeKey(out, dir.resolve("gateway.p12"), "gateway", gateway);
        writeTrust(out, dir.resolve("trust-smev.p12"), smev.certificate(), sender.certificate());
        writeTrust(out, dir.resolve("trust-gateway.p12"), gateway.certificate());
    }

    private static void writeKey(PrintStream out, Path file, String alias, SigningKey key) {
        writePkcs12(file, LOCAL_PASSWORD, alias, key);
        out.println("wrote " + file + " (key alias \"" + alias + "\", " + key.certificate().getSubjectX500Principal()
                .getName() + ")");
    }

    private static void writeTrust(PrintStream out, Path file, X509Certificate... certs) {
        writeTrustStore(file, LOCAL_PASSWORD, certs);
        StringBuilder names = new StringBuilder();
        for (X509Certificate cert : certs) {
            names.append(names.isEmpty() ? "" : "; ").append(cert.getSubjectX500Principal().getName());
        }
        out.println("wrote " + file + " (trusted: " + names + ")");
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM, SmevXmlSecurity.provider());
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle cannot generate a " + KEY_ALGORITHM + " key", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate certificate(X500Name subject, PublicKey publicKey, X500Name issuer,
            PrivateKey issuerKey, boolean authority, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            int usage = authority
                    ? KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyCertSign
                    : KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            ContentSigner signer = new JcaContentSignerBuilder(CERTIFICATE_SIGNATURE)
                    .setProvider(SmevXmlSecurity.provider()).build(issuerKey);
            return new JcaX509CertificateConverter().setProvider(SmevXmlSecurity.provider())
                    .getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("certificate for " + subject + " cannot be made", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12", SmevXmlSecurity.provider());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty PKCS#12 store cannot be made", e);
        }
        return store;
    }

    private static void store(KeyStore store, Path file, String password) throws GeneralSecurityException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
        } catch (IOException e) {
            throw new SmevCryptoException(file + " cannot be written (" + e.getMessage() + ")", e);
        }
    }
}
