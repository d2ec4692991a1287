package ru.moku.gateway.surveylink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xml.sax.SAXException;
import ru.moku.gateway.config.XmlWorkers;
import ru.moku.gateway.pull.SmevSigner;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.survey.SurveyLinkIssued;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;
import ru.moku.runtime.partner.PartnerCalls;
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
                                                                 Incidents incidents, EnvelopeCodec codec) {
        SmevSendClient client = new SmevSendClient(properties, signer.getIfAvailable(() -> SmevSigner.UNSIGNED),
                xmlWorkers.scheduler());
        SurveyLinkHandler handler = new SurveyLinkHandler(
                new SurveyNotificationRequests(properties.nodeId(), properties.testMessage()),
                notificationSchema(), client, new PartnerCalls("smev-survey-link", properties), outbox, incidents,
                codec, xmlWorkers.scheduler());
        return consumers.create(Destinations.SURVEY_LINKS, SurveyLinkIssued.class, handler, DeadLetterHook.none());
    }

    @Bean
    public SurveyLinkRedriver surveyLinkRedriver(Outbox outbox, EnvelopeCodec codec) {
        return new SurveyLinkRedriver(outbox, codec);
    }

    /** Compiled at start-up: reading the XSD on a request thread would block. */
    static Schema notificationSchema() {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (SAXException e) {
            throw new IllegalStateException("XML schema factory cannot be configured securely", e);
        }
        // The XSD imports nothing: read from the stream, it needs no external access at all.
        try (InputStream xsd = Objects.requireNonNull(SurveyLinkConfiguration.class.getClassLoader()
                .getResourceAsStream(SurveyNotificationRequests.SCHEMA), "missing " + SurveyNotificationRequests.SCHEMA)) {
            return factory.newSchema(new StreamSource(xsd, SurveyNotificationRequests.SCHEMA));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("the survey notification schema does not compile: " + e.getMessage(), e);
        }
    }
}
