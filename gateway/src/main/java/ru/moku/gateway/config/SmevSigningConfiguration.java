package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.gateway.pull.SmevRequests;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.XmlSmevSigner;
import ru.moku.gateway.xml.CryptoWorkers;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.KeyStoreSettings;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.SmevCryptoException;
import ru.moku.smev.crypto.XmlSigner;

/**
 * The crypto threads, and — with {@code moku.gateway.smev.signing.enabled=true} — the {@link SmevSigner} that the pull
 * loop and the survey-link sender use instead of {@link SmevSigner#UNSIGNED}. The key store is read at start-up; an
 * unreadable one stops the gateway with a message naming the property and the file.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SmevOutboundProperties.class, SmevSigningProperties.class})
public class SmevSigningConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmevSigningConfiguration.class);

    @Bean
    public CryptoWorkers cryptoWorkers(SmevOutboundProperties properties) {
        return new CryptoWorkers(properties.cryptoThreads(), properties.cryptoQueue());
    }

    @Bean
    @ConditionalOnProperty(prefix = "moku.gateway.smev.signing", name = "enabled", havingValue = "true")
    public SmevSigner smevSigner(SmevSigningProperties properties, CryptoWorkers cryptoWorkers, MeterRegistry meters) {
        SigningKey key;
        try {
            key = KeyMaterial.signingKey(new KeyStoreSettings(properties.keyStore(), properties.keyStorePassword(),
                    properties.keyAlias()));
        } catch (SmevCryptoException e) {
            throw new IllegalStateException("moku.gateway.smev.signing.key-store is not usable: " + e.getMessage(), e);
        }
        XmlSmevSigner signer = new XmlSmevSigner(new XmlSigner(key), cryptoWorkers.scheduler(), meters);
        // The first signature loads Santuario's and BouncyCastle's classes: here, not on the first request.
        signer.signNow(new SmevRequests("urn://warm-up", "WarmUp", null, Clock.systemUTC()).ackRequest("warm-up"),
                SmevRequests.SIGNED_ELEMENT_ID);
        log.info("SMEV requests are signed (CallerInformationSystemSignature) by {}",
                key.certificate().getSubjectX500Principal().getName());
        return signer;
    }
}
