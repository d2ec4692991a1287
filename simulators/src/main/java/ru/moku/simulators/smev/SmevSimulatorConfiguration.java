package ru.moku.simulators.smev;

import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import javax.xml.validation.Schema;
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
    SmevExchange smevExchange(SmevSimulatorProperties properties, Schema smevSchema, SmevMessageQueue queue,
                              SendRequestJournal journal, SmevFaultInjector smevFaultInjector, MessageIds smevMessageIds,
                              Clock smevClock) {
        SmevRequestParser parser = new SmevRequestParser(
                properties.validateRequests() ? Optional.of(smevSchema) : Optional.empty());
        return new SmevExchange(parser, queue, journal, smevFaultInjector, smevMessageIds, smevClock, properties);
    }
}
