package ru.moku.smev.crypto;

import java.security.Provider;
import java.security.Security;
import org.apache.xml.security.Init;
import org.apache.xml.security.algorithms.JCEMapper;
import org.apache.xml.security.algorithms.SignatureAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.transforms.Transform;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Teaches Apache Santuario the algorithms SMEV 3 signs with: GOST R 34.10-2012 (256-bit key) signatures and GOST R
 * 34.11-2012 (256-bit, "Стрибог") digests under CryptoPro's URIs, both computed by BouncyCastle, and SMEV's own
 * transform {@value #SMEV_TRANSFORM} ({@link SmevTransform}).
 *
 * <p>Every class of this module calls {@link #install()} itself before it needs it; an application may call it once
 * at start-up too (e.g. from a {@code @Configuration}) so the first signature does not pay for it.
 */
public final class SmevXmlSecurity {

    /** XMLDSig SignatureMethod: GOST R 34.10-2012 over a GOST R 34.11-2012 (256) digest, as CryptoPro names it. */
    public static final String SIGNATURE_METHOD =
            "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256";
    /** XMLDSig DigestMethod: GOST R 34.11-2012, 256-bit output. */
    public static final String DIGEST_METHOD = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256";
    /** CanonicalizationMethod of SignedInfo and the first transform of every reference: exclusive C14N without comments. */
    public static final String CANONICALIZATION = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    /** SMEV's normalising transform, the second transform of every reference. */
    public static final String SMEV_TRANSFORM = "urn://smev-gov-ru/xmldsig/transform";

    /** BouncyCastle's JCA name of the signature: 34.11-2012 (256) digest, 34.10-2012 (256) signature. */
    static final String JCA_SIGNATURE = "GOST3411-2012-256WITHECGOST3410-2012-256";
    /** BouncyCastle's JCA name of the digest. */
    static final String JCA_DIGEST = "GOST3411-2012-256";

    private static volatile Provider provider;

    private SmevXmlSecurity() {
    }

    /** Registers BouncyCastle, the GOST R 34.10/34.11-2012 URIs and SMEV's transform in Santuario. Idempotent. */
    public static void install() {
        if (provider != null) {
            return;
        }
        synchronized (SmevXmlSecurity.class) {
            if (provider != null) {
                return;
            }
            // Appended, never inserted first: the JDK's own providers keep serving TLS, RSA, SHA-256, ….
            if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
                Security.addProvider(new BouncyCastleProvider());
            }
            Provider bouncyCastle = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
            Init.init();
            try {
                // Santuario's MessageDigestAlgorithm asks the JCA by this name (any provider: only BC has it).
                JCEMapper.register(DIGEST_METHOD, new JCEMapper.Algorithm("", JCA_DIGEST, "MessageDigest"));
                JCEMapper.register(SIGNATURE_METHOD,
                        new JCEMapper.Algorithm("EC", JCA_SIGNATURE, "Signature", 0, 0, bouncyCastle.getName()));
                SignatureAlgorithm.register(SIGNATURE_METHOD, GostSignatureAlgorithm.class);
                Transform.register(SMEV_TRANSFORM, SmevTransform.class);
            } catch (XMLSecurityException | ClassNotFoundException e) {
                // Another copy of this class (another class loader) registered them already: same algorithms.
                if (!(e instanceof org.apache.xml.security.exceptions.AlgorithmAlreadyRegisteredException)) {
                    throw new IllegalStateException("GOST algorithms cannot be registered in Santuario", e);
                }
            }
            provider = bouncyCastle;
        }
    }

    /** The BouncyCastle provider every GOST operation of this module uses (installing it first if needed). */
    static Provider provider() {
        install();
        return provider;
    }
}
