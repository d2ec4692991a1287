package ru.moku.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.gateway.intake.XmlSignatureCheck;
import ru.moku.gateway.xml.CryptoWorkers;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.SmevCryptoException;
import ru.moku.smev.crypto.SmevXmlSecurity;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.XmlSignatureVerifier;

/**
 * Verification of the signatures on SMEV messages taken in, with {@code moku.gateway.smev.verification.enabled=true}:
 * the trust store is read at start-up (an unreadable one stops the gateway naming the property and the file), the
 * GOST algorithms are registered here rather than on the first message (never lazily on an event loop), and the
 * intake's {@code SignatureCheck} runs on the bounded crypto threads ({@code moku.gateway.smev.crypto-workers}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "moku.gateway.smev.verification", name = "enabled", havingValue = "true")
public class SignatureConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SignatureConfiguration.class);

    /** On the crypto threads signing also runs on ({@code moku.gateway.smev.crypto-workers}). */
    @Bean
    public XmlSignatureCheck signatureCheck(SmevVerificationProperties properties, CryptoWorkers cryptoWorkers) {
        SmevXmlSecurity.install();
        TrustedCertificates trusted;
        try {
            trusted = KeyMaterial.trusted(properties.trustStore(), properties.trustStorePassword());
        } catch (SmevCryptoException e) {
            throw new IllegalStateException("moku.gateway.smev.verification.trust-store is not usable: "
                    + e.getMessage(), e);
        }
        log.info("signatures of SMEV messages taken in are verified against {} (invalid: {})",
                properties.trustStore(), properties.invalidSignaturePolicy());
        return new XmlSignatureCheck(new XmlSignatureVerifier(trusted), cryptoWorkers.scheduler());
    }
}
