package ru.moku.survey.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import ru.moku.model.messaging.Destinations;
import ru.moku.model.survey.SurveySubmission;
import ru.moku.runtime.rabbit.ReliableConsumer;
import ru.moku.runtime.rabbit.ReliableConsumers;
import ru.moku.runtime.survey.SurveyTokens;
import ru.moku.survey.answers.SurveySubmissionHandler;

/**
 * The survey link verifier (public key only) and the consumer of {@code lko.survey-submissions} (prefetch and
 * concurrency: {@code moku.messaging.consumer.*}).
 */
@Configuration(proxyBeanMethods = false)
public class SurveyServiceConfiguration {

    @Bean
    public SurveyTokens.Verifier surveyTokenVerifier(SurveyServiceProperties properties) {
        try {
            return SurveyTokens.verifier(properties.token().publicKey());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("moku.survey.token.public-key is not a usable key: " + e.getMessage(), e);
        }
    }

    @Bean
    public ReliableConsumer<SurveySubmission> surveySubmissionConsumer(ReliableConsumers consumers,
                                                                       SurveySubmissionHandler handler) {
        return consumers.create(Destinations.SURVEY_SUBMISSIONS, SurveySubmission.class, handler);
    }
}
