package ru.moku.cardprocessor.handoff;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/**
 * Consumes {@code qal.organisations-registered} (org-registry's announcements) and, for the REST variant,
 * {@code qal.organisation-handoffs} (the PUTs to org-registry).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HandoffProperties.class)
class HandoffConfiguration {

    @Bean
    ReliableConsumer<OrganisationRegistered> organisationRegisteredConsumer(ReliableConsumers consumers,
                                                                            OrganisationRegistrations handler) {
        return consumers.create(Destinations.ORGANISATIONS_REGISTERED, OrganisationRegistered.class, handler);
    }

    @Bean(destroyMethod = "close")
    OrgRegistryClient orgRegistryClient(HandoffProperties properties) {
        return new OrgRegistryClient(properties.orgRegistry());
    }

    @Bean
    ReliableConsumer<OrganisationSubmission> restHandoffConsumer(ReliableConsumers consumers,
                                                                 OrgRegistryClient client, HandoffProperties properties,
                                                                 CardStages stages, Incidents incidents,
                                                                 EnvelopeCodec codec) {
        // Also in the RabbitMQ variant: hand-offs queued before a switch of variant are still delivered.
        RestHandoffHandler handler = new RestHandoffHandler(client,
                new PartnerCalls(OrgRegistryClient.PARTNER, properties.orgRegistry()), stages, incidents, codec);
        return consumers.create(Destinations.ORGANISATION_HANDOFFS, OrganisationSubmission.class, handler,
                DeadLetterHook.none());
    }
}
