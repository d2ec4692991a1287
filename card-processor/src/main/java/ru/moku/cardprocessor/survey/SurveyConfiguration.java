package ru.moku.cardprocessor.survey;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.survey.SurveyCompleted;
import ru.moku.model.survey.SurveyLinkSent;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;

/** Consumes {@code qal.survey-links-sent} (from the gateway) and {@code qal.surveys-completed} (from survey-service). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SurveyProperties.class)
class SurveyConfiguration {

    @Bean
    ReliableConsumer<SurveyLinkSent> surveyLinkSentConsumer(ReliableConsumers consumers, SurveyLinksSent handler) {
        return consumers.create(Destinations.SURVEY_LINKS_SENT, SurveyLinkSent.class, handler);
    }

    @Bean
    ReliableConsumer<SurveyCompleted> surveyCompletedConsumer(ReliableConsumers consumers, SurveysCompleted handler) {
        return consumers.create(Destinations.SURVEYS_COMPLETED, SurveyCompleted.class, handler);
    }
}
