package ru.moku.cardprocessor.enrichment;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.messaging.Destinations;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes {@code qal.enrichment-results}, the enrichment service's answers (one per card). */
@Configuration(proxyBeanMethods = false)
class EnrichmentConfiguration {

    @Bean
    ReliableConsumer<EnrichmentResult> enrichmentResultConsumer(ReliableConsumers consumers,
                                                                 EnrichmentResults results) {
        return consumers.create(Destinations.ENRICHMENT_RESULTS, EnrichmentResult.class, results);
    }
}
