package ru.moku.simulators.smev;

import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import javax.xml.validation.Schema;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.xml.SmevSchemas;

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

    @Bean
    ResponseSigning smevResponseSigning() {
        return ResponseSigning.NONE;
    }

    @Bean
    CallerVerification smevCallerVerification() {
        return CallerVerification.NONE;
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
