package ru.moku.smev.crypto;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.AlgorithmParameterSpec;
import org.apache.xml.security.algorithms.SignatureAlgorithmSpi;
import org.apache.xml.security.signature.XMLSignatureException;

/**
 * Santuario's bridge to BouncyCastle's GOST R 34.10-2012 (256) signature, registered by {@link SmevXmlSecurity} under
 * {@link SmevXmlSecurity#SIGNATURE_METHOD}. Public only because Santuario instantiates it by reflection.
 *
 * <p>BouncyCastle produces and expects the 64-byte raw value GOST R 34.10 defines (s then r, each 32 bytes big-endian,
 * as in RFC 4491), which is what XMLDSig's SignatureValue carries for these URIs — no DER conversion as for ECDSA.
 */
public final class GostSignatureAlgorithm extends SignatureAlgorithmSpi {

    private final Signature signature;

    /** The constructor Santuario calls when no provider is asked for. */
    public GostSignatureAlgorithm() throws XMLSignatureException {
        this(null);
    }

    /** The constructor Santuario calls with a provider; {@code null} means BouncyCastle. */
    public GostSignatureAlgorithm(Provider provider) throws XMLSignatureException {
        try {
            this.signature = Signature.getInstance(SmevXmlSecurity.JCA_SIGNATURE,
                    provider != null ? provider : SmevXmlSecurity.provider());
        } catch (GeneralSecurityException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected String engineGetURI() {
        return SmevXmlSecurity.SIGNATURE_METHOD;
    }

    @Override
    protected String engineGetJCEAlgorithmString() {
        return signature.getAlgorithm();
    }

    @Override
    protected String engineGetJCEProviderName() {
        return signature.getProvider().getName();
    }

    @Override
    protected void engineUpdate(byte[] input) throws XMLSignatureException {
        try {
            signature.update(input);
        } catch (SignatureException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineUpdate(byte input) throws XMLSignatureException {
        try {
            signature.update(input);
        } catch (SignatureException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineUpdate(byte[] buf, int offset, int len) throws XMLSignatureException {
        try {
            signature.update(buf, offset, len);
        } catch (SignatureException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitSign(Key signingKey) throws XMLSignatureException {
        engineInitSign(signingKey, (SecureRandom) null);
    }

    @Override
    protected void engineInitSign(Key signingKey, SecureRandom secureRandom) throws XMLSignatureException {
        engineInitSign(signingKey, secureRandom, signature);
    }

    @Override
    protected void engineInitSign(Key signingKey, AlgorithmParameterSpec algorithmParameterSpec)
            throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {"GOST R 34.10-2012 takes no signature parameters"});
    }

    @Override
    protected byte[] engineSign() throws XMLSignatureException {
        try {
            return signature.sign();
        } catch (SignatureException e) {
            throw new XMLSignatureException(e);
        }
    }

    @Override
    protected void engineInitVerify(Key verificationKey) throws XMLSignatureException {
        engineInitVerify(verificationKey, signature);
    }

    @Override
    protected boolean engineVerify(byte[] signatureValue) throws XMLSignatureException {
        try {
            return signature.verify(signatureValue);
        } catch (SignatureException e) {
            // A value of the wrong length or shape is a signature that does not verify, not a crash.
            return false;
        }
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws XMLSignatureException {
        throw new XMLSignatureException("empty", new Object[] {"GOST R 34.10-2012 takes no signature parameters"});
    }

    @Override
    protected void engineSetHMACOutputLength(int hmacOutputLength) throws XMLSignatureException {
        throw new XMLSignatureException("algorithms.HMACOutputLengthOnlyForHMAC");
    }
}
