package ru.moku.cardprocessor.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.cardprocessor.correction.DirectoryClient;
import ru.moku.cardprocessor.enrichment.EnrichmentResultHandler;
import ru.moku.cardprocessor.handoff.OrgRegistryClient;
import ru.moku.cardprocessor.handoff.OrganisationHandoffHandler;
import ru.moku.cardprocessor.handoff.OrganisationRegisteredHandler;
import ru.moku.cardprocessor.intake.ServiceCardHandler;
import ru.moku.cardprocessor.stage.CardStages;
import ru.moku.cardprocessor.survey.SurveyCompletedHandler;
import ru.moku.cardprocessor.survey.SurveyLinkDeliveryHandler;
import ru.moku.cardprocessor.survey.SurveyLinkSentHandler;
import ru.moku.model.enrichment.EnrichmentResult;
import ru.moku.model.enrichment.OktmoCorrection;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.organisation.OrganisationRegistered;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkDelivery;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.partner.PartnerCalls;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.MessageHandler;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;
import ru.moku.runtime.security.client.ClientCredentialsFilter;
import ru.moku.runtime.security.client.ClientCredentialsProperties;

/**
 * card-processor's wiring: a consumer per queue it reads (prefetch, concurrency and retries are the runtime's
 * {@code moku.messaging.consumer.*}), each handing its messages to the feature's {@code <Message>Handler}, the
 * client of org-registry for the REST variant of the hand-off, and the client of ЛКО's ОКТМО directory.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CardProcessorProperties.class, ClientCredentialsProperties.class})
public class CardProcessorConfiguration {

    /** {@code qal.service-cards}: the gateway's service cards (seed 000 steps 5–6). */
    @Bean
    public ReliableConsumer<ServiceCard> serviceCardConsumer(ReliableConsumers consumers, ServiceCardHandler handler) {
        return consumers.create(Destinations.SERVICE_CARDS, ServiceCard.class, handler, handler);
    }

    /** {@code qal.enrichment-results}: the enrichment service's answers, one per card (step 7). */
    @Bean
    public ReliableConsumer<EnrichmentResult> enrichmentResultConsumer(ReliableConsumers consumers,
                                                                        EnrichmentResultHandler handler) {
        return consumers.create(Destinations.ENRICHMENT_RESULTS, EnrichmentResult.class, handler);
    }

    /** {@code qal.organisations-registered}: org-registry's announcements that an organisation is in ЛКО (step 11). */
    @Bean
    public ReliableConsumer<OrganisationRegistered> organisationRegisteredConsumer(
            ReliableConsumers consumers, OrganisationRegisteredHandler handler) {
        return consumers.create(Destinations.ORGANISATIONS_REGISTERED, OrganisationRegistered.class, handler);
    }

    /**
     * org-registry's client, calling with card-processor's client-credentials token ({@code moku.security.client.*}):
     * required in the REST variant (the service refuses to start without it); in the RabbitMQ variant used when
     * configured, for hand-offs queued before a switch of variant.
     */
    @Bean(destroyMethod = "close")
    public OrgRegistryClient orgRegistryClient(CardProcessorProperties properties,
                                               ClientCredentialsProperties credentials) {
        if (properties.handoff().variant() == CardProcessorProperties.Variant.REST) {
            credentials.requireConfigured("card-processor's REST hand-off (moku.card-processor.handoff.variant=REST)");
        }
        return new OrgRegistryClient(properties.handoff().orgRegistry(),
                credentials.configured() ? ClientCredentialsFilter.create(credentials) : null);
    }

    /**
     * {@code qal.organisation-handoffs}: the REST variant's hand-offs, each a PUT on org-registry (steps 8–10). Also
     * consumed in the RabbitMQ variant: hand-offs queued before a switch of variant are still delivered.
     */
    @Bean
    public ReliableConsumer<OrganisationSubmission> organisationHandoffConsumer(
            ReliableConsumers consumers, OrgRegistryClient client, CardProcessorProperties properties,
            CardStages stages, Incidents incidents, EnvelopeCodec codec) {
        OrganisationHandoffHandler handler = new OrganisationHandoffHandler(client,
                new PartnerCalls(OrgRegistryClient.PARTNER, properties.handoff().orgRegistry()), stages, incidents,
                codec);
        return consumers.create(Destinations.ORGANISATION_HANDOFFS, OrganisationSubmission.class, handler,
                DeadLetterHook.none());
    }

    /** {@code qal.oktmo-corrections}: the enrichment service's newer answers for parties whose lookup failed (issue 13). */
    @Bean
    public ReliableConsumer<OktmoCorrection> oktmoCorrectionConsumer(ReliableConsumers consumers,
                                                                     MessageHandler<OktmoCorrection> handler) {
        return consumers.create(Destinations.OKTMO_CORRECTIONS, OktmoCorrection.class, handler);
    }

    /**
     * ЛКО's ОКТМО directory, asked when an operator sets an ОКТМО by hand (issue 13), with card-processor's
     * client-credentials token when configured (without one the directory refuses: the operator gets a 503).
     */
    @Bean(destroyMethod = "close")
    public DirectoryClient directoryClient(CardProcessorProperties properties,
                                           ClientCredentialsProperties credentials) {
        return new DirectoryClient(properties.directory(),
                credentials.configured() ? ClientCredentialsFilter.create(credentials) : null);
    }

    /** {@code qal.survey-links-sent}: the gateway's word that SMEV accepted a survey link (step 15). */
    @Bean
    public ReliableConsumer<SurveyLinkSent> surveyLinkSentConsumer(ReliableConsumers consumers,
                                                                  SurveyLinkSentHandler handler) {
        return consumers.create(Destinations.SURVEY_LINKS_SENT, SurveyLinkSent.class, handler);
    }

    /** {@code qal.survey-link-deliveries}: SMEV's word, relayed by the gateway, about the SendRequest of a survey link. */
    @Bean
    public ReliableConsumer<SurveyLinkDelivery> surveyLinkDeliveryConsumer(ReliableConsumers consumers,
                                                                          SurveyLinkDeliveryHandler handler) {
        return consumers.create(Destinations.SURVEY_LINK_DELIVERIES, SurveyLinkDelivery.class, handler);
    }

    /** {@code qal.surveys-completed}: survey-service's word that the answers are stored (steps 21–22). */
    @Bean
    public ReliableConsumer<SurveyCompleted> surveyCompletedConsumer(ReliableConsumers consumers,
                                                                    SurveyCompletedHandler handler) {
        return consumers.create(Destinations.SURVEYS_COMPLETED, SurveyCompleted.class, handler);
    }
}
