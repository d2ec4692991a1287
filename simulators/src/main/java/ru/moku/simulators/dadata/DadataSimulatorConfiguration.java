package ru.moku.simulators.dadata;

import java.time.Clock;
import java.util.Random;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wiring of the Dadata simulator. */
@Configuration(proxyBeanMethods = false)
class DadataSimulatorConfiguration {

    @Bean
    Clock dadataClock() {
        return Clock.systemUTC();
    }

    /** {@link Random} because it is thread-safe; seeded by {@code simulators.dadata.seed} for reproducible faults. */
    @Bean
    Random dadataRandom(DadataSimulatorProperties properties) {
        return properties.seed() == null ? new Random() : new Random(properties.seed());
    }

    @Bean
    DadataFaultInjector dadataFaultInjector(DadataSimulatorProperties properties, Random dadataRandom) {
        return new DadataFaultInjector(properties.faults(), dadataRandom);
    }

    @Bean
    SlidingWindowRateLimiter dadataRateLimiter(Clock dadataClock) {
        return new SlidingWindowRateLimiter(dadataClock);
    }

    @Bean
    DailyQuota dadataDailyQuota(DadataSimulatorProperties properties, Clock dadataClock) {
        return new DailyQuota(dadataClock, properties.quotaTimeZone());
    }

    @Bean
    RequestStats dadataRequestStats() {
        return new RequestStats();
    }

    /** Sizes are measured with the mapper that writes the answers, so "300 KB" is 300 KB on the wire. */
    @Bean
    PartyDirectory dadataPartyDirectory(DadataSimulatorProperties properties, JsonMapper jsonMapper) {
        PartyGenerator generator = new PartyGenerator(value -> jsonMapper.writeValueAsBytes(value).length,
                properties.directory().largeResponseSize());
        return new PartyDirectory(properties.directory(), generator);
    }
}
