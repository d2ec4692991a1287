package ru.moku.simulators.smev;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import javax.xml.validation.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.xml.SmevSchemas;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.KeyStoreSettings;
import ru.moku.smev.crypto.SigningKey;
import ru.moku.smev.crypto.SmevCryptoException;
import ru.moku.smev.crypto.SmevXmlSecurity;
import ru.moku.smev.crypto.XmlSignatureVerifier;

/** Wiring of the SMEV 3 simulator. */
@Configuration(proxyBeanMethods = false)
class SmevSimulatorConfiguration {

    @Bean
    Clock smevClock() {
        return Clock.systemUTC();
    }

    /** {@link Random} because it is thread-safe; seeded by {@code simulators.smev.seed} for reproducible runs. */
    @Bean
    Random smevRandom(SmevSimulatorProperties properties) {
        return properties.seed() == null ? new Random() : new Random(properties.seed());
    }

    /** Compiled here, at start-up: reading the XSDs on a request thread would block an event loop. */
    @Bean
    Schema smevSchema() {
        return SmevSchemas.smevWithServiceData();
    }

    @Bean
    MessageIds smevMessageIds(Clock smevClock, Random smevRandom) {
        return new MessageIds(smevClock, smevRandom);
    }

    @Bean
    SmevFaultInjector smevFaultInjector(SmevSimulatorProperties properties, Random smevRandom) {
        return new SmevFaultInjector(properties.faults(), smevRandom);
    }

    @Bean
    MessageLoader smevMessageLoader(Schema smevSchema, MessageIds smevMessageIds) {
        return new MessageLoader(smevSchema, smevMessageIds);
    }

    @Bean
    MessageFeatures smevMessageFeatures() {
        return new MessageFeatures();
    }

    /** The bounded pool for signing, verifying and file writes; the SOAP endpoint uses it only when it signs or verifies. */
    @Bean(destroyMethod = "close")
    SmevCryptoPool smevCryptoPool(SmevSimulatorProperties properties) {
        return new SmevCryptoPool(properties.cryptoWorkers(),
                properties.signing().enabled() || properties.verification().verifyCallers());
    }

    /** Keys from the configured PKCS#12 files; a missing or unreadable one stops the start naming the property. */
    @Bean
    ResponseSigning smevResponseSigning(SmevSimulatorProperties properties) {
        SmevSimulatorProperties.Signing signing = properties.signing();
        if (!signing.enabled()) {
            return ResponseSigning.NONE;
        }
        SmevXmlSecurity.install();
        return new XmlResponseSigning(
                key("simulators.smev.signing.smev-key-store", signing.smevKeyStore(), signing.smevKeyStorePassword(),
                        signing.smevKeyAlias()),
                key("simulators.smev.signing.sender-key-store", signing.senderKeyStore(),
                        signing.senderKeyStorePassword(), signing.senderKeyAlias()));
    }

    @Bean
    CallerVerification smevCallerVerification(SmevSimulatorProperties properties) {
        SmevSimulatorProperties.Verification verification = properties.verification();
        if (!verification.verifyCallers()) {
            return CallerVerification.NONE;
        }
        if (verification.trustStore() == null) {
            throw new IllegalStateException("simulators.smev.verification.verify-callers is on but "
                    + "simulators.smev.verification.trust-store is not set (the callers' certificates)");
        }
        SmevXmlSecurity.install();
        try {
            return new XmlCallerVerification(new XmlSignatureVerifier(
                    KeyMaterial.trusted(verification.trustStore(), verification.trustStorePassword())));
        } catch (SmevCryptoException e) {
            throw new IllegalStateException("simulators.smev.verification.trust-store: " + e.getMessage(), e);
        }
    }

    private static SigningKey key(String property, Path path, String password, String alias) {
        if (path == null) {
            throw new IllegalStateException("simulators.smev.signing.enabled is on but " + property + " is not set");
        }
        try {
            return KeyMaterial.signingKey(new KeyStoreSettings(path, password, alias));
        } catch (SmevCryptoException e) {
            throw new IllegalStateException(property + ": " + e.getMessage(), e);
        }
    }

    /** SMEV's file storage: an FTP server, started only when asked for (it takes a port). */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "simulators.smev.file-storage.enabled", havingValue = "true")
    FtpFileStorage smevFileStorage(SmevSimulatorProperties properties, Random smevRandom, MessageIds smevMessageIds) {
        return new FtpFileStorage(properties.fileStorage(), smevRandom, smevMessageIds);
    }

    @Bean
    GeneratedMessageFactory smevGeneratedMessageFactory(SmevSimulatorProperties properties,
                                                        ResponseSigning smevResponseSigning,
                                                        Optional<FtpFileStorage> smevFileStorage) {
        return new GeneratedMessageFactory(properties.attachments(), smevResponseSigning, smevFileStorage,
                FileHashes::gostBase64);
    }

    @Bean
    AsyncStatuses smevAsyncStatuses(SmevSimulatorProperties properties, Random smevRandom, MessageIds smevMessageIds,
                                    MessageFeatures smevMessageFeatures) {
        return new AsyncStatuses(properties.asyncStatus(), smevRandom, smevMessageIds, smevMessageFeatures);
    }

    @Bean
    SmevExchange smevExchange(SmevSimulatorProperties properties, Schema smevSchema, SmevMessageQueue queue,
                              SendRequestJournal journal, SmevFaultInjector smevFaultInjector, MessageIds smevMessageIds,
                              Clock smevClock, ResponseSigning smevResponseSigning,
                              CallerVerification smevCallerVerification, MessageFeatures smevMessageFeatures,
                              AsyncStatuses smevAsyncStatuses) {
        SmevRequestParser parser = new SmevRequestParser(
                properties.validateRequests() ? Optional.of(smevSchema) : Optional.empty(), smevCallerVerification);
        return new SmevExchange(parser, queue, journal, smevFaultInjector, smevMessageIds, smevClock, properties,
                smevResponseSigning, smevMessageFeatures, smevAsyncStatuses);
    }
}
