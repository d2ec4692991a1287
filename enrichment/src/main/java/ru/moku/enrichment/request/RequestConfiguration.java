package ru.moku.enrichment.request;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.enrichment.lookup.EnrichmentProperties;
import ru.moku.enrichment.lookup.OktmoLookup;
import ru.moku.model.enrichment.EnrichmentRequest;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes enrichment requests from {@code enrichment.requests}; replies go to {@code qal.enrichment-results}. */
@Configuration(proxyBeanMethods = false)
class RequestConfiguration {

    @Bean
    ReliableConsumer<EnrichmentRequest> enrichmentRequestConsumer(ReliableConsumers consumers, OktmoLookup lookup,
                                                                  Outbox outbox, EnrichmentProperties properties) {
        return consumers.create(Destinations.ENRICHMENT_REQUESTS, EnrichmentRequest.class,
                new EnrichmentRequestHandler(lookup, outbox, properties.requests().lookupConcurrency()),
                DeadLetterHook.none());
    }
}
