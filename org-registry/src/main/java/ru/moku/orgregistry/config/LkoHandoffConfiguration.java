package ru.moku.orgregistry.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.orgregistry.lko.LkoClient;
import ru.moku.orgregistry.lko.LkoHandoff;
import ru.moku.orgregistry.lko.LkoHandoffHandler;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/**
 * The hand-off to ЛКО (seed 000 step 11) from {@code moku.org-registry.lko.*}: the ЛКО client, its protection
 * (retries, circuit breaker) and the consumer of {@code pos-os.lko-handoffs}.
 */
@Configuration(proxyBeanMethods = false)
public class LkoHandoffConfiguration {

    @Bean(destroyMethod = "close")
    public LkoClient lkoClient(OrgRegistryProperties properties) {
        return new LkoClient(properties.lko());
    }

    @Bean
    public PartnerCalls lkoCalls(OrgRegistryProperties properties) {
        return new PartnerCalls("ЛКО", properties.lko());
    }

    @Bean
    public ReliableConsumer<LkoHandoff> lkoHandoffConsumer(ReliableConsumers consumers, LkoHandoffHandler handler) {
        return consumers.create(Destinations.LKO_HANDOFFS, LkoHandoff.class, handler, DeadLetterHook.none());
    }
}
