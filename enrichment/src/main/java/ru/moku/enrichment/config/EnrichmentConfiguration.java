package ru.moku.enrichment.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import java.time.Clock;
import ru.moku.enrichment.correction.OktmoRelookupHandler;
import ru.moku.enrichment.correction.OktmoRelookupRedriver;
import ru.moku.enrichment.dadata.DadataClient;
import ru.moku.enrichment.lookup.OktmoCache;
import ru.moku.enrichment.lookup.OktmoLookup;
import ru.moku.enrichment.lookup.ResilientCalls;
import ru.moku.enrichment.request.EnrichmentRequestHandler;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.enrichment.OktmoRelookup;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The enrichment's wiring from {@code moku.enrichment.*}: the Dadata client, the protection around it, the cache, the
 * lookup standing on all three, the consumer of enrichment requests ({@code enrichment.requests}; replies go to
 * {@code qal.enrichment-results}), and the correction loop's redriver and relookup consumer (issue 13).
 */
@Configuration(proxyBeanMethods = false)
public class EnrichmentConfiguration {

    @Bean(destroyMethod = "close")
    public DadataClient dadataClient(EnrichmentProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new DadataClient(properties.dadata(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public ResilientCalls resilientCalls(EnrichmentProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ResilientCalls(properties.resilience(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public OktmoCache oktmoCache(DatabaseClient db, EnrichmentProperties properties) {
        return new OktmoCache(db, properties.cache());
    }

    @Bean
    public OktmoLookup oktmoLookup(DadataClient dadata, ResilientCalls calls, OktmoCache cache, Incidents incidents,
                                   JsonMapper json, ObjectProvider<MeterRegistry> meters) {
        return new OktmoLookup(dadata, calls, cache, incidents, json, meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    public ReliableConsumer<EnrichmentRequest> enrichmentRequestConsumer(ReliableConsumers consumers,
                                                                         OktmoLookup lookup, Outbox outbox,
                                                                         EnrichmentProperties properties) {
        return consumers.create(Destinations.ENRICHMENT_REQUESTS, EnrichmentRequest.class,
                new EnrichmentRequestHandler(lookup, outbox, properties.requests().lookupConcurrency()),
                DeadLetterHook.none());
    }

    /** Re-drives {@code DADATA_LOOKUP_FAILED}: the party's lookup queued again (issue 13). */
    @Bean
    public OktmoRelookupRedriver oktmoRelookupRedriver(Outbox outbox) {
        return new OktmoRelookupRedriver(outbox);
    }

    /** {@code enrichment.oktmo-relookups}: lookups done again; an answer goes to {@code qal.oktmo-corrections}. */
    @Bean
    public ReliableConsumer<OktmoRelookup> oktmoRelookupConsumer(ReliableConsumers consumers, OktmoLookup lookup,
                                                                 Outbox outbox) {
        return consumers.create(Destinations.OKTMO_RELOOKUPS, OktmoRelookup.class,
                new OktmoRelookupHandler(lookup, outbox, Clock.systemUTC()), DeadLetterHook.none());
    }
}
