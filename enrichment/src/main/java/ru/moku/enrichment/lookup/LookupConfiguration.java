package ru.moku.enrichment.lookup;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import ru.moku.enrichment.dadata.DadataClient;
import ru.moku.runtime.incident.Incidents;
import tools.jackson.databind.json.JsonMapper;

/** The lookup and what it stands on, from {@code moku.enrichment.*}. */
@Configuration(proxyBeanMethods = false)
class LookupConfiguration {

    @Bean(destroyMethod = "close")
    DadataClient dadataClient(EnrichmentProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new DadataClient(properties.dadata(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ResilientCalls resilientCalls(EnrichmentProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ResilientCalls(properties.resilience(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    OktmoCache oktmoCache(DatabaseClient db, EnrichmentProperties properties) {
        return new OktmoCache(db, properties.cache());
    }

    @Bean
    OktmoLookup oktmoLookup(DadataClient dadata, ResilientCalls calls, OktmoCache cache, Incidents incidents,
                            JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        return new OktmoLookup(dadata, calls, cache, incidents, json, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
