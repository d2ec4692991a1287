package ru.moku.gateway.config;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import ru.moku.gateway.answers.AnswerEffects;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.gateway.pull.SoapWire;
import ru.moku.gateway.surveylink.SentRequests;
import ru.moku.gateway.surveylink.SurveyLinkDeliveryEffects;
import ru.moku.gateway.surveylink.SurveyLinkHandler;
import ru.moku.gateway.surveylink.SurveyLinkRedriver;
import ru.moku.gateway.xml.XmlWorkers;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.rabbit.DeadLetterHook;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes survey links from {@code smev.survey-links} and sends them to ЛК ЕПГУ through SMEV (steps 12–15). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SurveyLinkProperties.class)
public class SurveyLinkConfiguration {

    @Bean
    public ReliableConsumer<SurveyLinkIssued> surveyLinkConsumer(ReliableConsumers consumers,
                                                                 SurveyLinkProperties properties,
                                                                 ObjectProvider<SmevSigner> signer,
                                                                 XmlWorkers xmlWorkers, Outbox outbox,
                                                                 SentRequests sentRequests, Incidents incidents,
                                                                 EnvelopeCodec codec,
                                                                 SmevOutboundProperties smev) {
        SurveyLinkHandler handler = SurveyLinkHandler.create(properties,
                signer.getIfAvailable(() -> SmevSigner.UNSIGNED), SoapWire.of(smev.sendAsMtom()), outbox,
                sentRequests, incidents, codec, xmlWorkers.scheduler());
        return consumers.create(Destinations.SURVEY_LINKS, SurveyLinkIssued.class, handler, DeadLetterHook.none());
    }

    @Bean
    public SentRequests sentRequests(DatabaseClient databaseClient) {
        return new SentRequests(databaseClient);
    }

    /**
     * The intake's {@link AnswerEffects}: SMEV's AsyncProcessingStatus / RequestRejected about a survey link's
     * SendRequest goes to card-processor.
     */
    @Bean
    public AnswerEffects answerEffects(SentRequests sentRequests, Outbox outbox) {
        return new SurveyLinkDeliveryEffects(sentRequests, outbox, Clock.systemUTC());
    }

    @Bean
    public SurveyLinkRedriver surveyLinkRedriver(Outbox outbox, EnvelopeCodec codec) {
        return new SurveyLinkRedriver(outbox, codec);
    }
}
