package ru.moku.orgregistry.lko;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.orgregistry.OrgRegistryProperties;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** The hand-off to ЛКО from {@code moku.org-registry.lko.*}; consumes {@code pos-os.lko-handoffs}. */
@Configuration(proxyBeanMethods = false)
class LkoConfiguration {

    @Bean(destroyMethod = "close")
    LkoClient lkoClient(OrgRegistryProperties properties) {
        return new LkoClient(properties.lko());
    }

    @Bean
    PartnerCalls lkoCalls(OrgRegistryProperties properties) {
        return new PartnerCalls("ЛКО", properties.lko());
    }

    @Bean
    LkoHandoffHandler lkoHandoffHandler(HandoffRepository repository, LkoClient client, PartnerCalls calls,
                                        HandoffQueue handoffs, Incidents incidents, EnvelopeCodec codec) {
        return new LkoHandoffHandler(repository, client, calls, handoffs, incidents, codec);
    }

    @Bean
    ReliableConsumer<LkoHandoff> lkoHandoffConsumer(ReliableConsumers consumers, LkoHandoffHandler handler) {
        return consumers.create(Destinations.LKO_HANDOFFS, LkoHandoff.class, handler, DeadLetterHook.none());
    }
}
