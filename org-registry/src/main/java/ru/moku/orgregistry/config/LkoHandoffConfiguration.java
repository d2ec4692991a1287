package ru.moku.orgregistry.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
import ru.moku.runtime.security.client.ClientCredentialsFilter;
import ru.moku.runtime.security.client.ClientCredentialsProperties;

/**
 * The hand-off to ЛКО (seed 000 step 11) from {@code moku.org-registry.lko.*}: the ЛКО client, its protection
 * (retries, circuit breaker) and the consumer of {@code pos-os.lko-handoffs}. ЛКО is called with org-registry's
 * client-credentials token ({@code moku.security.client.*}): org-registry always hands off to ЛКО, so it refuses to
 * start without them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientCredentialsProperties.class)
public class LkoHandoffConfiguration {

    @Bean(destroyMethod = "close")
    public LkoClient lkoClient(OrgRegistryProperties properties, ClientCredentialsProperties credentials) {
        return new LkoClient(properties.lko(), ClientCredentialsFilter.create(
                credentials.requireConfigured("org-registry's hand-off to ЛКО (survey-service)")));
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
